import ArgumentParser
@main struct Kefu: AsyncParsableCommand { func run() async throws {} }
