import Foundation
import KefuDomain

/// The real clock.
public struct SystemClock: Clock {
    public init() {}
    public var now: Date { Date() }
}
