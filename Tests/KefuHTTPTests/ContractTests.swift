import Foundation
import Hummingbird
import HummingbirdTesting
import KefuHTTP
import KefuServices
import KefuTestSupport
import XCTest

final class ContractTests: XCTestCase {
    /// Every API and ops route is in the OpenAPI document, and the document lists no route that does not exist.
    func testOpenAPIDocumentDescribesEveryRoute() async throws {
        let database = try await TestStores.freshSQLite()
        do {
            let router = try await buildRouter(services: TestStores.services(database), configuration: .init())
            let routes = Set(router.routes.compactMap { route -> String? in
                let path = "/" + route.path.description.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
                guard path.hasPrefix("/api/") || ["/health", "/ready", "/metrics"].contains(path) else { return nil }
                return "\(route.method.rawValue) \(path)"
            })
            let url = try XCTUnwrap(Bundle.allBundles.lazy.compactMap { $0.url(forResource: "openapi", withExtension: "json", subdirectory: "Resources") }.first
                ?? Self.sourceDocument)
            let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
            XCTAssertEqual(document["openapi"] as? String, "3.1.0")
            let paths = try XCTUnwrap(document["paths"] as? [String: [String: Any]])
            var documented = Set<String>()
            for (path, operations) in paths {
                for method in operations.keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                    documented.insert("\(method.uppercased()) \(path)")
                }
            }
            XCTAssertFalse(routes.isEmpty)
            XCTAssertEqual(routes.subtracting(documented).sorted(), [], "routes missing from openapi.json")
            XCTAssertEqual(documented.subtracting(routes).sorted(), [], "documented routes that do not exist")
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }

    static var sourceDocument: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/KefuHTTP/Resources/openapi.json")
    }

    /// Both catalogs carry the same keys, and every `{{t.key}}` in a template exists.
    func testCatalogsAreCompleteInBothLanguages() throws {
        let root = Self.sourceDocument.deletingLastPathComponent()
        func keys(_ language: String) throws -> Set<String> {
            let data = try Data(contentsOf: root.appendingPathComponent("messages/\(language).json"))
            return Set(try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: String]).keys)
        }
        let chinese = try keys("zh-Hans"), english = try keys("en")
        XCTAssertEqual(chinese.symmetricDifference(english).sorted(), [])
        let templateKeys = Set(chinese.map { $0.replacingOccurrences(of: ".", with: "_") })
        let enumerator = FileManager.default.enumerator(atPath: root.appendingPathComponent("templates").path)!
        let pattern = try NSRegularExpression(pattern: #"\{\{t\.([a-z_]+)\}\}"#)
        for case let file as String in enumerator where file.hasSuffix(".mustache") {
            let text = try String(contentsOf: root.appendingPathComponent("templates/\(file)"), encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let key = String(text[Range(match.range(at: 1), in: text)!])
                XCTAssertTrue(templateKeys.contains(key), "\(file) uses t.\(key), which no catalog has")
            }
        }
    }
}
