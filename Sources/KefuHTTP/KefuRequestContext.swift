import Hummingbird
import KefuDomain
import KefuServices
import NIOCore

/// Per-request state: who is asking (set by ``IdentityMiddleware``), in which language, from where.
public struct KefuRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// The signed-in person, if any.
    public var principal: Principal?
    /// The web session, when signed in through the browser.
    public var session: ActiveSession?
    public var language: Language = .default
    /// The client address as used for events and throttling.
    public var address: String = "unknown"
    /// Counts shown next to navigation areas (e.g. orders waiting for review), for web pages.
    var navigationBadges: [String: Int] = [:]

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// Larger uploads come later (imports) with their own limits; JSON and forms stay small.
    public var maxUploadSize: Int { 1024 * 1024 }

    /// The principal, or ``ServiceError/unauthenticated``.
    public func requirePrincipal() throws -> Principal {
        guard let principal else { throw ServiceError.unauthenticated }
        return principal
    }
}
