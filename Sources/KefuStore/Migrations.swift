/// Every schema step Kefu has ever shipped, oldest first. Append new steps; never edit old ones.
public enum Migrations {
    /// Each step lives in its own `Migrations+Name.swift`.
    public static let all: [Migration] = [
        platform, credentialEpoch, orders, afterSales, stockouts, dailyClose, orderListIndexes, importMappings,
        afterSalesPhotos, tickets, sla, scripts, handovers, suggestions, nightBacklog, callLogs, members, callbacks,
        sparseTicketIndexes,
    ]
}
