import Foundation

/// Who may see a member's full contact data (R-MEM-4, R-SEC-2).
public enum MemberAccess {
    /// Supervisors and above may reveal any member's contacts and erase members.
    public static func oversees(_ role: Role) -> Bool {
        [.admin, .manager, .supervisor].contains(role)
    }
}

/// What a member is told when a contact detail changes (R-MEM-5), in the customer's language (Chinese).
public enum MemberNotice {
    public static let kindContactChanged = "contact_changed"
    /// The sender's display name.
    public static let sender = "客服中心"

    /// The text of the notice: which contacts changed, not their values (the message may reach an old address).
    public static func contactChanged(name: String, fields: [String]) -> (subject: String, body: String) {
        let labels = fields.map { $0 == "phones" ? "手机号码" : "电子邮箱" }.joined(separator: "、")
        return ("会员联系方式变更提醒",
                "尊敬的\(name)：您在我们这里登记的\(labels)已更新。如非您本人申请，请尽快联系客服中心。")
    }
}
