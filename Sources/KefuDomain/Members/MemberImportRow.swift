import Foundation

/// One data row of a member import file read into a draft (R-MEM-1), with what could not be read from its cells.
public struct MemberImportRow: Equatable, Sendable {
    /// The file line (CSV) or sheet row (XLSX) people see.
    public var line: Int
    public var draft: MemberDraft
    /// Cells that could not be read (an unknown gender, a birthday that is no date), by import field.
    public var cellProblems: [FieldError]
    /// The import fields whose cells were filled: on an update only these replace the member's values.
    public var filled: Set<String>

    public init(line: Int, draft: MemberDraft, cellProblems: [FieldError] = [], filled: Set<String> = []) {
        self.line = line
        self.draft = draft
        self.cellProblems = cellProblems
        self.filled = filled
    }

    /// Every problem of the row as import fields: unreadable cells, then the draft's rules (MemberDraft, R-MEM-1);
    /// an unreadable cell hides the draft's problem with the same field.
    public func problems(currentYear: Int) -> [FieldError] {
        let unreadable = Set(cellProblems.map(\.field))
        let rules = draft.problems(currentYear: currentYear).map(Self.importField).filter { !unreadable.contains($0.field) }
        return cellProblems + rules
    }

    /// The phones (digits) and emails (lowercased) of the row that are well formed: what duplicates are found by.
    public var contacts: (phones: [String], emails: [String]) {
        let phones = draft.phones.filter(MemberDraft.isPhone).map(MemberDraft.normalizedPhone)
        let emails = draft.emails.map { $0.trimmingCharacters(in: .whitespaces) }.filter(MemberDraft.isEmail).map { $0.lowercased() }
        var seen = Set<String>()
        return (phones.filter { seen.insert($0).inserted }, emails.filter { seen.insert($0).inserted })
    }

    /// A draft problem named as the import column it comes from: `phones[1]` → `phone`, `addresses[0].city` → `city`,
    /// `addresses[0].phone` → `address_phone`, `tags[2]` → `tags`.
    public static func importField(_ error: FieldError) -> FieldError {
        var error = error
        let path = error.field
        if path.hasPrefix("addresses") {
            let part = path.split(separator: ".").last.map(String.init) ?? "address"
            error.field = part == "phone" ? "address_phone" : part.hasPrefix("addresses") ? "address" : part
        } else if path.hasPrefix("phones") {
            error.field = "phone"
        } else if path.hasPrefix("emails") {
            error.field = "email"
        } else if path.hasPrefix("tags") {
            error.field = "tags"
        }
        return error
    }

    /// The member's draft with this row applied, for "update existing": filled cells replace the member's values;
    /// phones, emails, addresses and tags are added to the member's (nothing is removed by an import).
    public func applied(to existing: MemberDraft) -> MemberDraft {
        var result = existing
        let row = draft
        if filled.contains("name") { result.name = row.name }
        if filled.contains("gender") { result.gender = row.gender }
        if row.birthYear != nil { result.birthYear = row.birthYear }
        if filled.contains("birthday") { result.birthday = row.birthday }
        if filled.contains("id_number") { result.idNumber = row.idNumber }
        if filled.contains("grade") { result.grade = row.grade }
        if filled.contains("registration_channel") { result.registrationChannel = row.registrationChannel }
        if filled.contains("preferences") { result.preferences = row.preferences }
        if filled.contains("notes") { result.notes = row.notes }
        if filled.contains("do_not_call") { result.doNotCall = row.doNotCall }
        if filled.contains("rest_hours") { result.restHours = row.restHours }
        let phones = Set(existing.phones.map(MemberDraft.normalizedPhone))
        result.phones += row.phones.filter { !phones.contains(MemberDraft.normalizedPhone($0)) }
        let emails = Set(existing.emails.map { $0.lowercased() })
        result.emails += row.emails.filter { !emails.contains($0.trimmingCharacters(in: .whitespaces).lowercased()) }
        let key = { (address: MemberDraft.Address) -> [String] in
            [address.recipient, address.province, address.city, address.district, address.line].map {
                ($0 ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            } + [MemberDraft.normalizedPhone(address.phone ?? "")]
        }
        let addresses = Set(existing.addresses.map(key))
        result.addresses += row.addresses.filter { !addresses.contains(key($0)) }
        let tags = Set(existing.tags)
        result.tags += row.tags.filter { !tags.contains($0) }
        return result
    }
}

extension MemberImportLayout {
    /// Reads one data row. Lists are split on `;` `/` `,` `、` (phones, emails) and `;` `,` `、` (tags); the address
    /// comes from its parts or the one address column, its recipient defaulting to the name and its phone to the
    /// first phone.
    public func row(_ fields: [String], line: Int) -> MemberImportRow {
        let value = { (field: String) in self.value(field, in: fields) }
        var problems: [FieldError] = []
        var filled = Set<String>()
        for field in positions.keys where value(field) != nil { filled.insert(field) }

        var draft = MemberDraft(name: value("name"))
        if let text = value("gender") {
            if let gender = MemberImportValue.gender(text) { draft.gender = gender.rawValue } else {
                problems.append(FieldError(field: "gender", code: "error.member_import_gender", arguments: ["value": text]))
            }
        }
        if let text = value("birth_year") {
            if let year = ImportValue.quantity(text) { draft.birthYear = year } else {
                problems.append(FieldError(field: "birth_year", code: "error.number_format"))
            }
        }
        if let text = value("birthday") {
            if let date = MemberImportValue.birthday(text) {
                draft.birthday = date.monthDay
                if draft.birthYear == nil, problems.allSatisfy({ $0.field != "birth_year" }) { draft.birthYear = date.year }
            } else {
                problems.append(FieldError(field: "birthday", code: "error.member_import_birthday", arguments: ["value": text]))
            }
        }
        draft.idNumber = value("id_number")
        draft.phones = value("phone").map { MemberImportValue.list($0, separators: MemberImportValue.contactSeparators) } ?? []
        draft.emails = value("email").map { MemberImportValue.list($0, separators: MemberImportValue.contactSeparators) } ?? []
        if let address = address(value: value, name: draft.name, phone: draft.phones.first) { draft.addresses = [address] }
        if let text = value("grade") {
            if let grade = MemberImportValue.grade(text) { draft.grade = grade.rawValue } else {
                problems.append(FieldError(field: "grade", code: "error.member_import_grade", arguments: ["value": text]))
            }
        }
        draft.tags = value("tags").map { MemberImportValue.list($0, separators: MemberImportValue.tagSeparators) } ?? []
        draft.registrationChannel = value("registration_channel")
        draft.preferences = value("preferences")
        draft.notes = value("notes")
        if let text = value("do_not_call") {
            if let yes = MemberImportValue.yesNo(text) { draft.doNotCall = yes } else {
                problems.append(FieldError(field: "do_not_call", code: "error.yes_no_format", arguments: ["value": text]))
            }
        }
        draft.restHours = value("rest_hours")
        return MemberImportRow(line: line, draft: draft, cellProblems: problems, filled: filled)
    }

    private func address(value: (String) -> String?, name: String?, phone: String?) -> MemberDraft.Address? {
        guard Self.addressFields.contains(where: { value($0) != nil }) else { return nil }
        var province = value("province"), city = value("city"), district = value("district"), line = value("line")
        if province == nil, city == nil, district == nil, line == nil, let full = value("address") {
            let parts = AddressSplitter.split(full)
            let blankIsNil = { (text: String) in text.isEmpty ? nil : text }
            province = blankIsNil(parts.province)
            city = blankIsNil(parts.city)
            district = blankIsNil(parts.district)
            line = blankIsNil(parts.line)
        }
        return MemberDraft.Address(recipient: value("recipient") ?? name, phone: value("address_phone") ?? phone, province: province,
                                   city: city, district: district, line: line)
    }
}
