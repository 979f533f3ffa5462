import Foundation
import KefuDomain
import KefuServices

/// A member as the API returns it: the integrators' shape (`name`, `gender`, `birth_year`, `phones`, `emails`,
/// `addresses`, `grade`, `tags`, `do_not_call`…) with `id`, `version`, and whether contacts are `masked`.
struct MemberJSON: Encodable {
    var member: Member
    var masked: Bool

    init(_ member: Member, for principal: Principal) {
        self.member = member
        self.masked = !principal.can(.piiView)
    }

    init(revealed member: Member) {
        self.member = member
        self.masked = false
    }

    func encode(to encoder: any Encoder) throws {
        try member.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(masked, forKey: .masked)
        try container.encode(member.isErased, forKey: .erased)
    }

    enum Keys: String, CodingKey { case masked, erased }
}

extension MemberJSON: JSONWritable {
    /// What `encode(to:)` writes: the member's synthesized keys in declaration order, then `masked` and `erased`.
    func write(to output: inout JSONOutput) {
        output.beginObject()
        output.field("id", member.id)
        output.field("name", member.name)
        output.field("gender", member.gender)
        output.field("birth_year", member.birthYear)
        output.field("birthday", member.birthday)
        output.field("id_number", member.idNumber)
        output.strings("phones", member.phones)
        output.strings("emails", member.emails)
        output.field("addresses", member.addresses)
        output.field("grade", member.grade)
        output.strings("tags", member.tags)
        output.field("registration_channel", member.registrationChannel)
        output.field("preferences", member.preferences)
        output.field("notes", member.notes)
        output.field("do_not_call", member.doNotCall)
        output.field("rest_hours", member.restHours)
        output.field("assigned_agent_id", member.assignedAgentID)
        output.field("assigned_at", member.assignedAt)
        output.field("erased_at", member.erasedAt)
        output.field("merged_into_id", member.mergedIntoID)
        output.field("version", member.version)
        output.field("created_at", member.createdAt)
        output.field("updated_at", member.updatedAt)
        output.field("masked", masked)
        output.field("erased", member.isErased)
        output.endObject()
    }
}

extension JSONOutput {
    /// A key and an array of strings.
    mutating func strings(_ name: StaticString, _ values: [String]) {
        key(name)
        beginArray()
        for value in values { string(value) }
        endArray()
    }
}

/// The fields of a member as integrators send them. On `PATCH`, only the fields present change (`null` clears a
/// field that may be empty).
struct MemberFields: Decodable {
    struct Address: Decodable {
        var recipient: String?
        var phone: String?
        var province: String?
        var city: String?
        var district: String?
        var line: String?
    }

    var name: String?
    var gender: String?
    var birthYear: Int?
    var birthday: String?
    var idNumber: String?
    var phones: [String]?
    var emails: [String]?
    var addresses: [Address]?
    var grade: String?
    var tags: [String]?
    var registrationChannel: String?
    var preferences: String?
    var notes: String?
    var doNotCall: Bool?
    var restHours: String?
    /// The version the caller read (PATCH); may also come as `If-Match`.
    var version: Int64?
    /// The keys present in the body, snake_case.
    var present: Set<String> = []

    enum CodingKeys: String, CodingKey {
        case name, gender, birthYear, birthday, idNumber, phones, emails, addresses, grade, tags, registrationChannel, preferences, notes
        case doNotCall, restHours, version
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        gender = try container.decodeIfPresent(String.self, forKey: .gender)
        birthYear = try container.decodeIfPresent(Int.self, forKey: .birthYear)
        birthday = try container.decodeIfPresent(String.self, forKey: .birthday)
        idNumber = try container.decodeIfPresent(String.self, forKey: .idNumber)
        phones = try container.decodeIfPresent([String].self, forKey: .phones)
        emails = try container.decodeIfPresent([String].self, forKey: .emails)
        addresses = try container.decodeIfPresent([Address].self, forKey: .addresses)
        grade = try container.decodeIfPresent(String.self, forKey: .grade)
        tags = try container.decodeIfPresent([String].self, forKey: .tags)
        registrationChannel = try container.decodeIfPresent(String.self, forKey: .registrationChannel)
        preferences = try container.decodeIfPresent(String.self, forKey: .preferences)
        notes = try container.decodeIfPresent(String.self, forKey: .notes)
        doNotCall = try container.decodeIfPresent(Bool.self, forKey: .doNotCall)
        restHours = try container.decodeIfPresent(String.self, forKey: .restHours)
        version = try container.decodeIfPresent(Int64.self, forKey: .version)
        present = Set(container.allKeys.map { KefuJSON.snakeCase($0.stringValue) })
    }

    var draftAddresses: [MemberDraft.Address]? {
        addresses?.map {
            MemberDraft.Address(recipient: $0.recipient, phone: $0.phone, province: $0.province, city: $0.city, district: $0.district,
                                line: $0.line)
        }
    }

    /// A new member's draft.
    var draft: MemberDraft {
        MemberDraft(name: name, gender: gender, birthYear: birthYear, birthday: birthday, idNumber: idNumber, phones: phones ?? [],
                    emails: emails ?? [], addresses: draftAddresses ?? [], grade: grade, tags: tags ?? [],
                    registrationChannel: registrationChannel, preferences: preferences, notes: notes, doNotCall: doNotCall ?? false,
                    restHours: restHours)
    }

    /// Applies the fields present to a member's current draft.
    func apply(to draft: inout MemberDraft) {
        if present.contains("name") { draft.name = name }
        if present.contains("gender") { draft.gender = gender ?? Gender.unknown.rawValue }
        if present.contains("birth_year") { draft.birthYear = birthYear }
        if present.contains("birthday") { draft.birthday = birthday }
        if present.contains("id_number") { draft.idNumber = idNumber }
        if present.contains("phones") { draft.phones = phones ?? [] }
        if present.contains("emails") { draft.emails = emails ?? [] }
        if present.contains("addresses") { draft.addresses = draftAddresses ?? [] }
        if present.contains("grade") { draft.grade = grade ?? MemberGrade.normal.rawValue }
        if present.contains("tags") { draft.tags = tags ?? [] }
        if present.contains("registration_channel") { draft.registrationChannel = registrationChannel }
        if present.contains("preferences") { draft.preferences = preferences }
        if present.contains("notes") { draft.notes = notes }
        if present.contains("do_not_call") { draft.doNotCall = doNotCall ?? false }
        if present.contains("rest_hours") { draft.restHours = restHours }
    }
}

/// A member's history entry in the API.
struct MemberHistoryJSON: Encodable {
    var id: Int64
    var action: String
    var changes: [MemberFieldChange]
    var changedBy: Int64?
    var changedByName: String?
    var changedAt: Date

    init(_ entry: MemberHistoryEntry) {
        id = entry.id
        action = entry.action
        changes = entry.changes
        changedBy = entry.changedBy
        changedByName = entry.changedByName
        changedAt = entry.changedAt
    }
}
