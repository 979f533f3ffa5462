/// How the web layer behaves, beyond where it listens.
public struct HTTPConfiguration: Sendable {
    /// Mark cookies `Secure` (set when Kefu is served over TLS, directly or behind a proxy).
    public var secureCookies: Bool
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy or load balancer).
    public var trustForwardedFor: Bool
    /// Reload templates from disk on every request (development).
    public var reloadTemplates: Bool

    public init(secureCookies: Bool = false, trustForwardedFor: Bool = false, reloadTemplates: Bool = false) {
        self.secureCookies = secureCookies
        self.trustForwardedFor = trustForwardedFor
        self.reloadTemplates = reloadTemplates
    }
}
