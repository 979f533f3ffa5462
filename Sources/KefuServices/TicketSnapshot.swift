import KefuDomain

extension Snapshot {
    /// What the event log keeps of a ticket (no message bodies: they are in the conversation).
    static func ticket(_ ticket: Ticket) -> String {
        json([
            "number": ticket.number, "type": ticket.type.rawValue, "channel": ticket.channel.rawValue, "subject": ticket.subject,
            "state": ticket.state, "category": ticket.category, "priority": ticket.priority.rawValue, "severity": ticket.severity.rawValue,
            "owner_id": ticket.ownerID.map { "\($0)" }, "assignee_id": ticket.assigneeID.map { "\($0)" },
            "department": ticket.department?.rawValue, "complaint_stage": ticket.complaintStage?.rawValue,
            "order_id": ticket.orderID.map { "\($0)" },
        ])
    }
}
