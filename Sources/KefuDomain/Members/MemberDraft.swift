import Foundation

/// A member as a form, an import row or an integrator sends it (R-MEM-1). Enumerations arrive as text so that a wrong
/// value is reported with its field like any other problem.
public struct MemberDraft: Codable, Equatable, Sendable {
    /// An address as entered: the same shape as an order draft's.
    public typealias Address = OrderDraft.Address

    public var name: String?
    public var gender: String?
    public var birthYear: Int?
    public var birthday: String?
    public var idNumber: String?
    public var phones: [String]
    public var emails: [String]
    public var addresses: [Address]
    public var grade: String?
    public var tags: [String]
    public var registrationChannel: String?
    public var preferences: String?
    public var notes: String?
    public var doNotCall: Bool
    public var restHours: String?

    public init(name: String?, gender: String? = nil, birthYear: Int? = nil, birthday: String? = nil, idNumber: String? = nil,
                phones: [String] = [], emails: [String] = [], addresses: [Address] = [], grade: String? = nil, tags: [String] = [],
                registrationChannel: String? = nil, preferences: String? = nil, notes: String? = nil, doNotCall: Bool = false,
                restHours: String? = nil) {
        self.name = name
        self.gender = gender
        self.birthYear = birthYear
        self.birthday = birthday
        self.idNumber = idNumber
        self.phones = phones
        self.emails = emails
        self.addresses = addresses
        self.grade = grade
        self.tags = tags
        self.registrationChannel = registrationChannel
        self.preferences = preferences
        self.notes = notes
        self.doNotCall = doNotCall
        self.restHours = restHours
    }

    public static let nameLimit = 50
    public static let textLimit = 2000
    public static let shortLimit = 100
    public static let contactLimit = 5
    public static let addressLimit = 10
    public static let tagLimit = 20
    public static let tagLength = 20

    /// Every problem at once; list entries are named by place, e.g. `phones[1]`, `addresses[0].city`.
    /// `currentYear` bounds the birth year.
    public func problems(currentYear: Int) -> [FieldError] {
        var errors: [FieldError] = []
        func tooLong(_ field: String, _ value: String?, _ limit: Int) {
            if Self.trimmed(value).count > limit {
                errors.append(FieldError(field: field, code: "error.too_long", arguments: ["max": "\(limit)"]))
            }
        }
        let name = Self.trimmed(name)
        if name.isEmpty { errors.append(FieldError(field: "name", code: "error.required")) }
        tooLong("name", name, Self.nameLimit)
        if let gender, !gender.isEmpty, Gender(rawValue: gender) == nil {
            errors.append(FieldError(field: "gender", code: "error.unknown_value"))
        }
        if let grade, !grade.isEmpty, MemberGrade(rawValue: grade) == nil {
            errors.append(FieldError(field: "grade", code: "error.unknown_value"))
        }
        if let birthYear, !(1900...currentYear).contains(birthYear) {
            errors.append(FieldError(field: "birth_year", code: "error.range", arguments: ["min": "1900", "max": "\(currentYear)"]))
        }
        if !Self.trimmed(birthday).isEmpty, Self.monthDay(Self.trimmed(birthday)) == nil {
            errors.append(FieldError(field: "birthday", code: "error.date_format"))
        }
        if !Self.trimmed(idNumber).isEmpty, !Self.isIDNumber(Self.trimmed(idNumber)) {
            errors.append(FieldError(field: "id_number", code: "error.number_format"))
        }
        if !Self.trimmed(restHours).isEmpty, QuietHours(Self.trimmed(restHours))?.windows.isEmpty != false {
            errors.append(FieldError(field: "rest_hours", code: "error.time_format"))
        }
        let phones = phones.map(Self.trimmed).filter { !$0.isEmpty }
        let emails = emails.map(Self.trimmed).filter { !$0.isEmpty }
        if phones.isEmpty && emails.isEmpty { errors.append(FieldError(field: "phones", code: "error.contact_required")) }
        if phones.count > Self.contactLimit { errors.append(Self.range("phones", Self.contactLimit)) }
        if emails.count > Self.contactLimit { errors.append(Self.range("emails", Self.contactLimit)) }
        for (index, phone) in self.phones.enumerated() where !Self.trimmed(phone).isEmpty && !Self.isPhone(phone) {
            errors.append(FieldError(field: "phones[\(index)]", code: "error.phone_format"))
        }
        for (index, email) in self.emails.enumerated() where !Self.trimmed(email).isEmpty && !Self.isEmail(Self.trimmed(email)) {
            errors.append(FieldError(field: "emails[\(index)]", code: "error.email_format"))
        }
        if addresses.count > Self.addressLimit { errors.append(Self.range("addresses", Self.addressLimit)) }
        for (index, address) in addresses.enumerated() {
            let field = "addresses[\(index)]"
            for (key, value) in [("recipient", address.recipient), ("province", address.province), ("city", address.city),
                                 ("line", address.line)] {
                if Self.trimmed(value).isEmpty { errors.append(FieldError(field: "\(field).\(key)", code: "error.required")) }
                tooLong("\(field).\(key)", value, key == "line" ? 200 : Self.nameLimit)
            }
            tooLong("\(field).district", address.district, Self.nameLimit)
            if Self.trimmed(address.phone).isEmpty { errors.append(FieldError(field: "\(field).phone", code: "error.required")) }
            else if !Self.isPhone(address.phone ?? "") { errors.append(FieldError(field: "\(field).phone", code: "error.phone_format")) }
        }
        if tags.count > Self.tagLimit { errors.append(Self.range("tags", Self.tagLimit)) }
        for (index, tag) in tags.enumerated() {
            if Self.trimmed(tag).isEmpty { errors.append(FieldError(field: "tags[\(index)]", code: "error.required")) }
            tooLong("tags[\(index)]", tag, Self.tagLength)
        }
        tooLong("registration_channel", registrationChannel, Self.shortLimit)
        tooLong("preferences", preferences, Self.textLimit)
        tooLong("notes", notes, Self.textLimit)
        return errors
    }

    /// The member to save (id 0 and version 1 for a new one), text trimmed, contacts normalised, duplicates dropped.
    /// Call only on a draft without problems.
    public func member(id: Int64 = 0, version: Int64 = 1, createdAt: Date, updatedAt: Date) -> Member {
        let blankIsNil = { (text: String?) -> String? in Self.trimmed(text).isEmpty ? nil : Self.trimmed(text) }
        return Member(
            id: id, name: Self.trimmed(name), gender: gender.flatMap(Gender.init(rawValue:)) ?? .unknown, birthYear: birthYear,
            birthday: blankIsNil(birthday).flatMap(Self.monthDay), idNumber: blankIsNil(idNumber)?.uppercased(),
            phones: Self.unique(phones.map(Self.trimmed).filter { !$0.isEmpty }.map(Self.normalizedPhone)),
            emails: Self.unique(emails.map(Self.trimmed).filter { !$0.isEmpty }.map { $0.lowercased() }),
            addresses: addresses.map {
                MemberAddress(recipient: Self.trimmed($0.recipient), phone: Self.normalizedPhone(Self.trimmed($0.phone)),
                              province: Self.trimmed($0.province), city: Self.trimmed($0.city), district: Self.trimmed($0.district),
                              line: Self.trimmed($0.line))
            },
            grade: grade.flatMap(MemberGrade.init(rawValue:)) ?? .normal, tags: Self.unique(tags.map(Self.trimmed)),
            registrationChannel: blankIsNil(registrationChannel), preferences: Self.trimmed(preferences), notes: Self.trimmed(notes),
            doNotCall: doNotCall, restHours: blankIsNil(restHours).flatMap { QuietHours($0)?.description },
            version: version, createdAt: createdAt, updatedAt: updatedAt)
    }

    /// A phone as digits only (`139-1234 5678` → `13912345678`); a leading `+86` is dropped.
    public static func normalizedPhone(_ text: String) -> String {
        var digits = text.filter { $0.isASCII && $0.isNumber }
        if text.trimmingCharacters(in: .whitespaces).hasPrefix("+86"), digits.hasPrefix("86"), digits.count == 13 {
            digits.removeFirst(2)
        }
        return digits
    }

    public static func isPhone(_ text: String) -> Bool {
        let rest = text.filter { !" -+()".contains($0) }
        return (5...20).contains(rest.count) && rest.allSatisfy { $0.isASCII && $0.isNumber }
    }

    public static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".")
            && !parts[1].hasSuffix(".") && !text.contains(" ") && text.count <= 254
    }

    /// 18 characters (17 digits and a digit or X) or the old 15 digits.
    public static func isIDNumber(_ text: String) -> Bool {
        let characters = Array(text.uppercased())
        if characters.count == 15 { return characters.allSatisfy { $0.isASCII && $0.isNumber } }
        guard characters.count == 18 else { return false }
        return characters.prefix(17).allSatisfy { $0.isASCII && $0.isNumber } && (characters[17].isNumber || characters[17] == "X")
    }

    /// `3-7`, `03-07` → `03-07`; nil when not a day of the year (29 February is one).
    public static func monthDay(_ text: String) -> String? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let month = Int(parts[0]), let day = Int(parts[1]), parts.allSatisfy({ (1...2).contains($0.count) }) else {
            return nil
        }
        let days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...12).contains(month), (1...days[month - 1]).contains(day) else { return nil }
        return String(format: "%02d-%02d", month, day)
    }

    /// The text without surrounding white space; most text has none, and Foundation's trimming is costly on imports.
    static func trimmed(_ text: String?) -> String {
        guard let text, let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return "" }
        let space = CharacterSet.whitespacesAndNewlines
        guard space.contains(first) || space.contains(last) else { return text }
        return text.trimmingCharacters(in: space)
    }

    static func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }

    static func range(_ field: String, _ limit: Int) -> FieldError {
        FieldError(field: field, code: "error.range", arguments: ["min": "0", "max": "\(limit)"])
    }
}
