import Foundation
import KefuMail
import XCTest

/// The `.eml` fixtures in `Corpus/` (made by `Corpus/make_corpus.py`).
enum Corpus {
    static func data(_ name: String) throws -> Data {
        let url = try XCTUnwrap(Bundle.module.url(forResource: name, withExtension: "eml", subdirectory: "Corpus"),
                                "missing corpus file \(name).eml")
        return try Data(contentsOf: url)
    }

    static func message(_ name: String) throws -> MailMessage {
        try MailParser.parse(data(name))
    }

    /// Every corpus file name, without extension.
    static func allNames() -> [String] {
        guard let directory = Bundle.module.url(forResource: "Corpus", withExtension: nil),
              let files = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        return files.filter { $0.hasSuffix(".eml") }.map { String($0.dropLast(4)) }.sorted()
    }
}

/// The error `body` throws, as a ``MailParseError``.
func parseError(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> MailParseError? {
    do {
        try body()
        XCTFail("expected a MailParseError", file: file, line: line)
        return nil
    } catch let error as MailParseError {
        return error
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
        return nil
    }
}
