import Foundation

/// The bundled resources: templates, message catalogs, static files, the OpenAPI document.
enum KefuResources {
    static var root: URL {
        Bundle.module.url(forResource: "Resources", withExtension: nil)
            ?? Bundle.module.bundleURL.appendingPathComponent("Resources")
    }

    static func url(_ path: String) -> URL { root.appendingPathComponent(path) }
}
