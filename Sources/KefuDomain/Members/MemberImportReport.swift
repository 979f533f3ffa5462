import Foundation

/// How a member import treats bad rows and members already stored.
public struct MemberImportOptions: Equatable, Sendable {
    /// `all_or_nothing` (the default): one bad row stops the import and nothing is stored; `good_rows`: the good rows
    /// are stored and the bad ones reported, as the order import does.
    public enum Mode: String, CaseIterable, Codable, Sendable {
        case allOrNothing = "all_or_nothing"
        case goodRows = "good_rows"
    }

    /// What a row whose phone or email belongs to a stored member does. `report` (the default): it is a bad row naming
    /// that member, so people choose; `skip`: it is left out and listed; `update`: it updates that member, with history.
    public enum Duplicates: String, CaseIterable, Codable, Sendable {
        case report
        case skip
        case update
    }

    public var mode: Mode
    public var duplicates: Duplicates

    public init(mode: Mode = .allOrNothing, duplicates: Duplicates = .report) {
        self.mode = mode
        self.duplicates = duplicates
    }
}

/// What a member import found and did.
public struct MemberImportReport: Codable, Equatable, Sendable {
    /// A row whose phone or email belongs to a stored member, and what was done with it.
    public struct Duplicate: Codable, Equatable, Sendable {
        public enum Action: String, Codable, Sendable {
            /// Reported as a bad row (duplicates = report).
            case reported
            case skipped
            case updated
            /// The row matched the member exactly: nothing to change.
            case unchanged
        }

        public var line: Int
        public var memberID: Int64
        /// `phone` or `email`: the column that matched.
        public var field: String
        public var action: Action

        public init(line: Int, memberID: Int64, field: String, action: Action) {
            self.line = line
            self.memberID = memberID
            self.field = field
            self.action = action
        }
    }

    /// Data rows in the file (the header and blank rows not counted).
    public var totalRows: Int
    /// Members created.
    public var imported: Int
    /// Members changed by their row (duplicates = update).
    public var updated: Int
    /// Rows that matched a member who already had everything in them.
    public var unchanged: Int
    /// Rows left out because their member was already stored (duplicates = skip).
    public var skipped: Int
    /// Rows with problems, each with every problem (fields are import columns: `phone`, `city`…).
    public var badRows: [OrderImportReport.BadRow]
    /// Rows matching stored members, with the member each matched.
    public var duplicates: [Duplicate]
    /// Import field → the header the file used for it, so messages can name the column as the file does.
    public var columns: [String: String]
    /// False when bad rows stopped the import (mode all_or_nothing): then nothing was stored.
    public var committed: Bool

    public init(totalRows: Int, imported: Int = 0, updated: Int = 0, unchanged: Int = 0, skipped: Int = 0,
                badRows: [OrderImportReport.BadRow] = [], duplicates: [Duplicate] = [], columns: [String: String] = [:],
                committed: Bool = false) {
        self.totalRows = totalRows
        self.imported = imported
        self.updated = updated
        self.unchanged = unchanged
        self.skipped = skipped
        self.badRows = badRows
        self.duplicates = duplicates
        self.columns = columns
        self.committed = committed
    }

    /// Whether some bad rows are duplicates of stored members that "skip" or "update" would settle.
    public var hasReportedDuplicates: Bool { duplicates.contains { $0.action == .reported } }
}
