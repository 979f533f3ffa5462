import Foundation

/// Reading member cells as people type them in Chinese or English spreadsheets.
public enum MemberImportValue {
    /// Phones and emails: `13912345678;13800138000`, `…/…`, `…，…`, `…、…`, or one per line in the cell.
    public static let contactSeparators: Set<Character> = [";", "；", "/", "／", ",", "，", "、", "\n", "\r\n"]
    /// Tags: `VIP;老客户`, `VIP,老客户`, `VIP、老客户`.
    public static let tagSeparators: Set<Character> = [";", "；", ",", "，", "、", "|", "\n", "\r\n"]

    /// The non-blank trimmed pieces of `text`.
    public static func list(_ text: String, separators: Set<Character>) -> [String] {
        // Trimmed without Foundation: this runs for every cell of 100,000-row files.
        text.split(whereSeparator: { separators.contains($0) }).compactMap { piece -> String? in
            guard let start = piece.firstIndex(where: { !$0.isWhitespace }), let end = piece.lastIndex(where: { !$0.isWhitespace }) else {
                return nil
            }
            return String(piece[start...end])
        }
    }

    /// `男`/`女`, `male`/`female`, `m`/`f`, `先生`/`女士`, `未知`/`保密`/`unknown` (any case); nil otherwise.
    public static func gender(_ text: String) -> Gender? {
        switch text.lowercased() {
        case "男", "男性", "先生", "male", "m", "man": return .male
        case "女", "女性", "女士", "female", "f", "woman": return .female
        case "未知", "保密", "不详", "unknown", "u": return .unknown
        default: return nil
        }
    }

    /// `普通`/`银卡`/`金卡`/`铂金`/`钻石` (with or without `会员`/`卡`), or the English names; nil otherwise.
    public static func grade(_ text: String) -> MemberGrade? {
        var text = text.lowercased().filter { !$0.isWhitespace }
        if let grade = MemberGrade(rawValue: text) { return grade }
        for suffix in ["会员", "member"] where text.hasSuffix(suffix) && text.count > suffix.count { text.removeLast(suffix.count) }
        switch text {
        case "普通", "普卡", "普通卡", "normal", "regular", "standard": return .normal
        case "银卡", "银", "银牌", "silver": return .silver
        case "金卡", "金", "金牌", "gold": return .gold
        case "铂金", "铂金卡", "白金", "白金卡", "platinum": return .platinum
        case "钻石", "钻石卡", "钻卡", "diamond": return .diamond
        default: return nil
        }
    }

    /// `是`/`否`, `yes`/`no`, `y`/`n`, `true`/`false`, `1`/`0`, `对`/`√` (any case); nil otherwise.
    public static func yesNo(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "是", "yes", "y", "true", "1", "对", "√", "✓": return true
        case "否", "no", "n", "false", "0", "不", "×": return false
        default: return nil
        }
    }

    /// A birthday as month-day (`03-07`), with the year when a full date was written. Reads `3-7`, `03/07`, `3月7日`,
    /// `1990-03-07`, `1990/3/7`, `1990.3.7`, `1990年3月7日`, `19900307`, and `1990-03-07 00:00:00` as XLSX date cells
    /// come out. Nil when it is not a day of the year.
    public static func birthday(_ text: String) -> (monthDay: String, year: Int?)? {
        var text = text.trimmingCharacters(in: .whitespaces)
        if let space = text.firstIndex(of: " ") { text = String(text[..<space]) }
        if text.count == 8, text.allSatisfy({ $0.isASCII && $0.isNumber }) {
            text = "\(text.prefix(4))-\(text.dropFirst(4).prefix(2))-\(text.suffix(2))"
        }
        var unified = ""
        for character in text {
            switch character {
            case "/", ".", "年", "月", "－": unified.append("-")
            case "日", "号": continue
            default: unified.append(character)
            }
        }
        let parts = unified.split(separator: "-", omittingEmptySubsequences: false)
        switch parts.count {
        case 2:
            return MemberDraft.monthDay(unified).map { ($0, nil) }
        case 3:
            guard parts[0].count == 4, let year = Int(parts[0]), let monthDay = MemberDraft.monthDay("\(parts[1])-\(parts[2])") else { return nil }
            // 29 February only in a leap year.
            if monthDay == "02-29", !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) { return nil }
            return (monthDay, year)
        default:
            return nil
        }
    }
}
