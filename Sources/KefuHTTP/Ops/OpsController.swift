import Foundation
import Hummingbird
import KefuServices
import Prometheus

/// Liveness, readiness and metrics for operators and load balancers.
struct OpsController {
    let services: Services
    let registry: PrometheusCollectorRegistry

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("health", use: health)
        router.get("ready", use: ready)
        router.get("metrics", use: metrics)
    }

    /// 200 while the process serves requests.
    @Sendable func health(_ request: Request, context: KefuRequestContext) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
    }

    /// 200 when the database answers and its schema is the one this program expects.
    @Sendable func ready(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let readiness = await services.readiness()
        struct Body: Encodable { var status: String; var database: String; var schemaVersion: Int?; var expectedSchemaVersion: Int }
        return try KefuJSON.response(
            Body(status: readiness.ready ? "ready" : "not_ready", database: readiness.reachable ? "reachable" : "unreachable",
                 schemaVersion: readiness.schemaVersion, expectedSchemaVersion: readiness.expectedSchemaVersion),
            status: readiness.ready ? .ok : .serviceUnavailable)
    }

    /// Prometheus text exposition of request counts, latencies and database use.
    @Sendable func metrics(_ request: Request, context: KefuRequestContext) -> Response {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
    }
}
