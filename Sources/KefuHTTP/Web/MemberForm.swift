import Foundation
import KefuDomain

/// The member form's fields (`name`, `phones` one per line, `addresses[0].city`, …) to and from a draft.
struct MemberForm {
    /// Address rows the form shows beyond those filled, so that one can be added without JavaScript.
    static let blankAddressRows = 1

    /// The draft in the form; a birth year that is not a number is a field error of its own.
    static func draft(_ form: [String: String], into errors: inout [FieldError]) -> MemberDraft {
        let lines = { (key: String) -> [String] in
            (form[key] ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        var birthYear: Int?
        if let text = form["birth_year"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            birthYear = Int(text)
            if birthYear == nil { errors.append(FieldError(field: "birth_year", code: "error.number_format")) }
        }
        let tags = (form["tags"] ?? "").split { $0 == "," || $0 == "，" || $0 == "、" }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return MemberDraft(
            name: form["name"], gender: form["gender"], birthYear: birthYear, birthday: form["birthday"], idNumber: form["id_number"],
            phones: lines("phones"), emails: lines("emails"), addresses: addresses(form), grade: form["grade"], tags: tags,
            registrationChannel: form["registration_channel"], preferences: form["preferences"], notes: form["notes"],
            doNotCall: form["do_not_call"] != nil, restHours: form["rest_hours"])
    }

    /// The address rows (`addresses[0].recipient` …) in row order, wholly blank rows left out.
    static func addresses(_ form: [String: String]) -> [MemberDraft.Address] {
        var rows: [Int: [String: String]] = [:]
        for (name, value) in form {
            guard name.hasPrefix("addresses["), let close = name.firstIndex(of: "]"),
                  let index = Int(name[name.index(name.startIndex, offsetBy: 10)..<close]), (0..<50).contains(index),
                  name[close...].hasPrefix("].") else { continue }
            rows[index, default: [:]][String(name[name.index(close, offsetBy: 2)...])] = value
        }
        return rows.keys.sorted().compactMap { index in
            let row = rows[index]!
            guard row.values.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return nil }
            return MemberDraft.Address(recipient: row["recipient"], phone: row["phone"], province: row["province"], city: row["city"],
                                       district: row["district"], line: row["line"])
        }
    }

    /// The form's values for a draft (to fill an edit form or show one back with its errors).
    static func values(_ draft: MemberDraft) -> [String: Any] {
        [
            "name": draft.name, "gender": draft.gender, "birth_year": draft.birthYear.map(String.init), "birthday": draft.birthday,
            "id_number": draft.idNumber, "phones": draft.phones.joined(separator: "\n"), "emails": draft.emails.joined(separator: "\n"),
            "grade": draft.grade, "tags": draft.tags.joined(separator: ", "), "registration_channel": draft.registrationChannel,
            "preferences": draft.preferences, "notes": draft.notes, "do_not_call": draft.doNotCall, "rest_hours": draft.restHours,
        ]
    }

    /// Address rows for the template, with each field's error.
    static func addressRows(_ addresses: [MemberDraft.Address], errors: [String: String]) -> [[String: Any]] {
        let rows = addresses + Array(repeating: MemberDraft.Address(recipient: nil, phone: nil, province: nil, city: nil, district: nil, line: nil),
                                     count: blankAddressRows)
        return rows.enumerated().map { index, row -> [String: Any] in
            var values: [String: Any] = [
                "index": index, "recipient": row.recipient, "phone": row.phone, "province": row.province, "city": row.city,
                "district": row.district, "line": row.line,
            ]
            for key in ["recipient", "phone", "province", "city", "district", "line"] {
                values["error_\(key)"] = errors["addresses[\(index)].\(key)"]
            }
            return values
        }
    }

    /// Errors of list entries (`phones[1]`) shown under their list's field, each once.
    static func listErrors(_ errors: [FieldError], messages: [String: String]) -> [String: String] {
        var result: [String: String] = [:]
        for error in errors {
            for list in ["phones", "emails", "tags"] where error.field.hasPrefix(list + "[") && result[list] == nil {
                let index = Int(error.field.dropFirst(list.count + 1).prefix { $0.isNumber }) ?? 0
                result[list] = "\(index + 1): " + (messages[error.field] ?? "")
            }
        }
        return result
    }
}
