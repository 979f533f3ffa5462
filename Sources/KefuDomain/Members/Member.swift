import Foundation

public enum Gender: String, Codable, CaseIterable, Sendable {
    case female
    case male
    case unknown
}

/// Member tiers (R-MEM-2), lowest first.
public enum MemberGrade: String, Codable, CaseIterable, Sendable, Comparable {
    case normal
    case silver
    case gold
    case platinum
    case diamond

    public static func < (lhs: MemberGrade, rhs: MemberGrade) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// An address a member receives goods at: the same shape as an order's delivery address.
public typealias MemberAddress = DeliveryAddress

/// One customer record (R-MEM-1): profile, contacts, grade and tags. Contacts are kept normalised: phones as digits,
/// emails lowercased.
public struct Member: Codable, Equatable, Sendable {
    public var id: Int64
    public var name: String
    public var gender: Gender
    public var birthYear: Int?
    /// `MM-DD`, for occasion callbacks.
    public var birthday: String?
    /// A resident identity card number, when the member gave one.
    public var idNumber: String?
    public var phones: [String]
    public var emails: [String]
    public var addresses: [MemberAddress]
    public var grade: MemberGrade
    public var tags: [String]
    public var registrationChannel: String?
    public var preferences: String
    public var notes: String
    public var doNotCall: Bool
    /// When not to call, e.g. `12:00-14:00,21:00-09:00` (see `QuietHours`); nil means the default setting (R-CB-3).
    public var restHours: String?
    public var assignedAgentID: Int64?
    public var assignedAt: Date?
    public var erasedAt: Date?
    public var mergedIntoID: Int64?
    public var version: Int64
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: Int64, name: String, gender: Gender = .unknown, birthYear: Int? = nil, birthday: String? = nil,
                idNumber: String? = nil, phones: [String] = [], emails: [String] = [], addresses: [MemberAddress] = [],
                grade: MemberGrade = .normal, tags: [String] = [], registrationChannel: String? = nil, preferences: String = "",
                notes: String = "", doNotCall: Bool = false, restHours: String? = nil, assignedAgentID: Int64? = nil,
                assignedAt: Date? = nil, erasedAt: Date? = nil, mergedIntoID: Int64? = nil, version: Int64 = 1,
                createdAt: Date, updatedAt: Date) {
        self.id = id
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
        self.assignedAgentID = assignedAgentID
        self.assignedAt = assignedAt
        self.erasedAt = erasedAt
        self.mergedIntoID = mergedIntoID
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var isErased: Bool { erasedAt != nil }
    public var isMerged: Bool { mergedIntoID != nil }

    /// The member as someone without `pii.view` sees it (R-MEM-4): phones, emails, address lines and phones and the
    /// ID number masked; everything else as is.
    public func masked() -> Member {
        var copy = self
        copy.phones = phones.map(PII.maskPhone)
        copy.emails = emails.map(PII.maskEmail)
        copy.addresses = addresses.map { address in
            var masked = address
            masked.phone = PII.maskPhone(address.phone)
            masked.line = PII.maskAddress(address.line, visible: 2)
            return masked
        }
        copy.idNumber = idNumber.map(PII.maskIDNumber)
        return copy
    }

    /// Masked unless `permissions` hold `pii.view`.
    public func visible(to permissions: Set<Permission>) -> Member {
        permissions.contains(.piiView) ? self : masked()
    }

    /// The draft that reproduces this member, to edit it.
    public var draft: MemberDraft {
        MemberDraft(
            name: name, gender: gender.rawValue, birthYear: birthYear, birthday: birthday, idNumber: idNumber, phones: phones,
            emails: emails,
            addresses: addresses.map {
                MemberDraft.Address(recipient: $0.recipient, phone: $0.phone, province: $0.province, city: $0.city,
                                    district: $0.district, line: $0.line)
            },
            grade: grade.rawValue, tags: tags, registrationChannel: registrationChannel, preferences: preferences, notes: notes,
            doNotCall: doNotCall, restHours: restHours)
    }
}

extension PII {
    /// `110101199003071234` → `110***********1234`.
    public static func maskIDNumber(_ number: String) -> String {
        let characters = Array(number)
        guard characters.count > 7 else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(3)) + String(repeating: "*", count: characters.count - 7) + String(characters.suffix(4))
    }
}
