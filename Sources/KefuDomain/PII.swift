/// Masking of personal data for roles without `pii.view` (R-MEM-4, R-SEC-2).
public enum PII {
    /// `13800138000` → `138****8000`; shorter numbers keep only their last two digits.
    public static func maskPhone(_ phone: String) -> String {
        let characters = Array(phone)
        guard characters.count >= 7 else {
            return String(repeating: "*", count: max(0, characters.count - 2)) + String(characters.suffix(2))
        }
        return String(characters.prefix(3)) + "****" + String(characters.suffix(4))
    }

    /// Keeps the first `visible` characters of an address and hides the rest.
    public static func maskAddress(_ address: String, visible: Int = 6) -> String {
        let characters = Array(address)
        guard characters.count > visible else { return address }
        return String(characters.prefix(visible)) + "****"
    }

    /// `chen.jing@example.com` → `c***@example.com`.
    public static func maskEmail(_ email: String) -> String {
        guard let at = email.firstIndex(of: "@"), at > email.startIndex else { return maskAddress(email, visible: 1) }
        return String(email[email.startIndex]) + "***" + String(email[at...])
    }

    /// Shows a value in full only to someone holding `pii.view`.
    public static func phone(_ phone: String, for permissions: Set<Permission>) -> String {
        permissions.contains(.piiView) ? phone : maskPhone(phone)
    }
}
