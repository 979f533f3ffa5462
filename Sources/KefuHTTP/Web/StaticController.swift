import Foundation
import Hummingbird

/// The few static files the UI needs (CSS, a little JavaScript), loaded once at start and served with caching.
struct StaticController {
    let files: [String: (ByteBuffer, String)]

    init() throws {
        let directory = KefuResources.url("static")
        var files: [String: (ByteBuffer, String)] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            let type = name.hasSuffix(".css") ? "text/css; charset=utf-8"
                : name.hasSuffix(".js") ? "text/javascript; charset=utf-8"
                : name.hasSuffix(".svg") ? "image/svg+xml" : "application/octet-stream"
            files[name] = (ByteBuffer(bytes: try Data(contentsOf: directory.appendingPathComponent(name))), type)
        }
        self.files = files
    }

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("static/:name", use: file)
    }

    @Sendable func file(_ request: Request, context: KefuRequestContext) throws -> Response {
        guard let name = context.parameters.get("name"), let (body, type) = files[name] else { throw HTTPError(.notFound) }
        return Response(status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=3600"], body: .init(byteBuffer: body))
    }
}
