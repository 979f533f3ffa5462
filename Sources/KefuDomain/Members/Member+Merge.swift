import Foundation

extension Member {
    /// The survivor of a merge with `other` (a duplicate found by phone or email): contacts, addresses and tags
    /// joined without repeats (the survivor's first, up to the limits), blanks of the profile filled from `other`,
    /// the higher grade, notes and preferences kept from both, do-not-call if either asked.
    public func absorbing(_ other: Member) -> Member {
        var result = self
        func union(_ mine: [String], _ theirs: [String], limit: Int) -> [String] {
            Array((mine + theirs.filter { !mine.contains($0) }).prefix(limit))
        }
        result.phones = union(phones, other.phones, limit: MemberDraft.contactLimit * 2)
        result.emails = union(emails, other.emails, limit: MemberDraft.contactLimit * 2)
        result.tags = union(tags, other.tags, limit: MemberDraft.tagLimit)
        result.addresses = addresses + other.addresses.filter { !addresses.contains($0) }
        if gender == .unknown { result.gender = other.gender }
        result.birthYear = birthYear ?? other.birthYear
        result.birthday = birthday ?? other.birthday
        result.idNumber = idNumber ?? other.idNumber
        result.registrationChannel = registrationChannel ?? other.registrationChannel
        result.restHours = restHours ?? other.restHours
        result.grade = max(grade, other.grade)
        result.doNotCall = doNotCall || other.doNotCall
        func joined(_ mine: String, _ theirs: String) -> String {
            theirs.isEmpty || mine.contains(theirs) ? mine : mine.isEmpty ? theirs : mine + "\n" + theirs
        }
        result.notes = joined(notes, other.notes)
        result.preferences = joined(preferences, other.preferences)
        return result
    }
}
