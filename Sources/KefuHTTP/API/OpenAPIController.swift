import Foundation
import Hummingbird

/// Serves the OpenAPI 3.1 description of the API. A test fails when a route is missing from it.
struct OpenAPIController {
    let document: ByteBuffer

    init() throws {
        let url = KefuResources.url("openapi.json")
        document = ByteBuffer(bytes: try Data(contentsOf: url))
    }

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("api/v1/openapi.json", use: show)
    }

    @Sendable func show(_ request: Request, context: KefuRequestContext) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: document))
    }
}
