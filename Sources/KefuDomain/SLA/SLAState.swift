import Foundation

/// Where an SLA clock stands, for queues, colours and the sweep (R-TKT-4).
public enum SLAState: String, Codable, CaseIterable, Sendable {
    case onTrack = "on_track"
    /// At least the at-risk share of the target is used (default 80 %).
    case atRisk = "at_risk"
    /// Past due and not met, or met late.
    case breached
    /// Not running: waiting for the customer or another department.
    case paused
    /// Met on or before the due instant.
    case met

    /// The share of the target used when a clock turns at risk.
    public static let defaultAtRiskFraction = 0.8

    /// Classifies from the instants stored on a ticket row. The share used is wall-clock time
    /// (`now - start` over `due - start`), which is what a sweep can compute from the row;
    /// `SLAClock.state(at:)` measures business time instead. Order of precedence: met (on time)
    /// or breached (met late) when `metAt` is given; breached when `now >= due`; paused when
    /// `isPaused` or there is no due instant; then at risk or on track.
    public static func classify(
        start: Date, due: Date?, now: Date, metAt: Date? = nil, isPaused: Bool = false,
        atRiskFraction: Double = defaultAtRiskFraction
    ) -> SLAState {
        if let metAt { return due.map { metAt <= $0 } ?? true ? .met : .breached }
        guard let due else { return .paused }
        if now >= due { return .breached }
        if isPaused { return .paused }
        let span = due.timeIntervalSince(start)
        guard span > 0 else { return .breached }
        return now.timeIntervalSince(start) / span >= atRiskFraction ? .atRisk : .onTrack
    }

    /// The instant a clock with this start and due turns at risk, for storing next to the due time.
    public static func atRiskInstant(start: Date, due: Date, atRiskFraction: Double = defaultAtRiskFraction) -> Date {
        start.addingTimeInterval(max(0, due.timeIntervalSince(start)) * atRiskFraction)
    }
}
