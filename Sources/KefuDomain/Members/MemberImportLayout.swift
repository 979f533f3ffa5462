import Foundation

/// Where each member field sits in an import file (R-MEM-1). Columns are found by their header, Chinese or English
/// (`姓名`/`name`, `手机`/`phone`…), compared ignoring case, surrounding spaces and a byte-order mark, with spaces and
/// dashes read as underscores. Only `姓名`/`name` and one of phone or email are required; the address is either its
/// parts (recipient, phone, province, city, district, line) or one `地址` column split into them.
public struct MemberImportLayout: Equatable, Sendable {
    /// A column: the field it fills and the header texts that name it.
    public struct Column: Equatable, Sendable {
        public var field: String
        public var names: [String]
    }

    /// Every column an import reads, in the order a template lists them.
    public static let columns: [Column] = [
        Column(field: "name", names: ["姓名", "会员姓名", "客户姓名", "name"]),
        Column(field: "gender", names: ["性别", "gender", "sex"]),
        Column(field: "birth_year", names: ["出生年份", "出生年", "birth_year"]),
        Column(field: "birthday", names: ["生日", "出生日期", "birthday", "birth_date"]),
        Column(field: "id_number", names: ["身份证号", "身份证", "id_number"]),
        Column(field: "phone", names: ["手机", "手机号", "电话", "联系电话", "手机号码", "phone", "phones", "mobile"]),
        Column(field: "email", names: ["邮箱", "电子邮箱", "email", "emails", "e_mail"]),
        Column(field: "address", names: ["地址", "收货地址", "address"]),
        Column(field: "recipient", names: ["收件人", "收货人", "recipient"]),
        Column(field: "address_phone", names: ["收件电话", "收货电话", "收件人电话", "address_phone"]),
        Column(field: "province", names: ["省", "省份", "province"]),
        Column(field: "city", names: ["市", "城市", "city"]),
        Column(field: "district", names: ["区", "区县", "区/县", "县", "district"]),
        Column(field: "line", names: ["详细地址", "街道地址", "line", "street"]),
        Column(field: "grade", names: ["会员等级", "等级", "grade", "tier"]),
        Column(field: "tags", names: ["标签", "tags", "tag"]),
        Column(field: "registration_channel", names: ["注册渠道", "来源渠道", "registration_channel", "channel"]),
        Column(field: "preferences", names: ["偏好", "喜好", "preferences"]),
        Column(field: "notes", names: ["备注", "notes", "note"]),
        Column(field: "do_not_call", names: ["免打扰", "不接受电话", "do_not_call"]),
        Column(field: "rest_hours", names: ["休息时间", "勿扰时段", "rest_hours"]),
    ]

    /// Fields that make up the address.
    public static let addressFields: Set<String> = ["address", "recipient", "address_phone", "province", "city", "district", "line"]

    /// Field → column position in the file.
    public var positions: [String: Int]
    /// Field → the header text as the file writes it, for messages.
    public var headers: [String: String]

    public init(positions: [String: Int], headers: [String: String]) {
        self.positions = positions
        self.headers = headers
    }

    /// A header as compared: trimmed, without a byte-order mark, lowercased, spaces and dashes as underscores.
    public static func normalized(_ header: String) -> String {
        header.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{FEFF}")))
            .lowercased().replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
    }

    /// Finds each field's column in `header` (the first of its names present wins). A file without a name column,
    /// or without both a phone and an email column, is reported as `file` / `error.import_missing_column`.
    public static func read(header: [String]) -> (layout: MemberImportLayout, problems: [FieldError]) {
        var byName: [String: Int] = [:]
        for (index, text) in header.enumerated() where byName[normalized(text)] == nil { byName[normalized(text)] = index }
        var layout = MemberImportLayout(positions: [:], headers: [:])
        for column in columns {
            guard let position = column.names.lazy.compactMap({ byName[normalized($0)] }).first else { continue }
            // One column feeds one field: `电话` cannot be both the phone and the address phone.
            guard !layout.positions.values.contains(position) else { continue }
            layout.positions[column.field] = position
            layout.headers[column.field] = header[position].trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{FEFF}")))
        }
        var problems: [FieldError] = []
        let names = { (field: String) in columns.first { $0.field == field }?.names ?? [] }
        if layout.positions["name"] == nil {
            problems.append(FieldError(field: "file", code: "error.import_missing_column",
                                       arguments: ["field": "name", "columns": names("name").joined(separator: " / ")]))
        }
        if layout.positions["phone"] == nil && layout.positions["email"] == nil {
            problems.append(FieldError(field: "file", code: "error.import_missing_column",
                                       arguments: ["field": "phone", "columns": (names("phone") + names("email")).joined(separator: " / ")]))
        }
        return (layout, problems)
    }

    /// The header a problem of `field` points at: the field's own column, else the column its value came from
    /// (an address part from the one address column, the recipient from the name, a contact from the other contact).
    public func column(for field: String) -> String? {
        if let header = headers[field] { return header }
        switch field {
        case "province", "city", "district", "line": return headers["address"]
        case "recipient": return headers["name"]
        case "address_phone", "email": return headers["phone"]
        case "phone": return headers["email"]
        default: return nil
        }
    }

    /// The trimmed cell of `field` in `fields`; nil when the file has no such column or the cell is blank.
    public func value(_ field: String, in fields: [String]) -> String? {
        guard let position = positions[field], position < fields.count else { return nil }
        let text = fields[position]
        guard let first = text.first, let last = text.last else { return nil }
        // Most cells need no trimming; checking the ends first keeps 100,000-row files fast.
        guard first.isWhitespace || last.isWhitespace else { return text }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
