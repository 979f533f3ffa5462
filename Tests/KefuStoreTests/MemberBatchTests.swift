import Foundation
import KefuDomain
@testable import KefuStore
import KefuTestSupport
import XCTest

/// The batch writes member imports use, on every test database (R-MEM-1, R-MEM-5).
final class MemberBatchTests: XCTestCase {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    // R-MEM-5: history written in batches reads back like history written one entry at a time.
    func testBatchHistoryJSONReadsBack_R_MEM_5() throws {
        let changes = [
            MemberFieldChange(field: "notes", before: nil, after: "说 \"你好\"\\\n\t\u{1}/end"),
            MemberFieldChange(field: "grade", before: "silver", after: nil),
        ]
        let decoded = try JSONDecoder().decode([MemberFieldChange].self, from: Data(MemberRepository.json(changes).utf8))
        XCTAssertEqual(decoded, changes)
        XCTAssertEqual(MemberRepository.json([]), "[]")
    }

    // R-MEM-1: reserved ids follow every id used before and keep growing after; members, contacts and history
    // written in a batch read back whole, and phones and emails find their live members.
    func testReservedIDsBatchInsertAndContactLookup_R_MEM_1() async throws {
        try await TestStores.each { database, name in
            let repository = MemberRepository()
            let first = try await database.transaction { connection in
                try await repository.insert(Member(id: 0, name: "先来", phones: ["13800000000"], createdAt: Self.now, updatedAt: Self.now),
                                            on: connection)
            }
            let members = (0..<3).map { index in
                MemberDraft(name: "批量\(index)", phones: ["1390000000\(index)"], emails: ["b\(index)@example.com"],
                            addresses: [.init(recipient: "批量", phone: "13900000000", province: "上海市", city: "上海市", district: "",
                                              line: "世纪大道1号")],
                            tags: ["VIP", "导入"]).member(createdAt: Self.now, updatedAt: Self.now)
            }
            let ids = try await database.transaction { connection -> [Int64] in
                let ids = try await repository.reserveIDs(count: members.count, on: connection)
                let saved = zip(members, ids).map { member, id -> Member in
                    var member = member
                    member.id = id
                    return member
                }
                try await repository.insert(batch: saved, on: connection)
                try await repository.addHistory(batch: saved.map {
                    MemberHistoryEntry(id: 0, memberID: $0.id, action: "imported", changes: $0.creationChanges, changedBy: nil, changedAt: Self.now)
                }, on: connection)
                return ids
            }
            XCTAssertEqual(ids.count, 3, name)
            XCTAssertTrue(ids.allSatisfy { $0 > first }, name)
            let later = try await database.transaction { connection in
                try await repository.insert(Member(id: 0, name: "后来", createdAt: Self.now, updatedAt: Self.now), on: connection)
            }
            XCTAssertGreaterThan(later, ids.max() ?? 0, name)

            let stored = try await database.read { try await repository.find(ids: ids, on: $0) }
            XCTAssertEqual(stored.map(\.name), ["批量0", "批量1", "批量2"], name)
            XCTAssertEqual(stored.first?.tags, ["VIP", "导入"], name)
            XCTAssertEqual(stored.first?.addresses.first?.line, "世纪大道1号", name)
            let history = try await database.read { try await repository.history(memberID: ids[0], on: $0) }
            XCTAssertEqual(history.map(\.action), ["imported"], name)
            XCTAssertTrue(history.first?.changes.contains(MemberFieldChange(field: "name", before: nil, after: "批量0")) == true, name)

            let live = try await database.read {
                try await repository.liveMembers(phones: ["13900000001", "13800000000", "10000000000"], emails: ["b2@example.com"], on: $0)
            }
            XCTAssertEqual(live.phones, ["13900000001": [ids[1]], "13800000000": [first]], name)
            XCTAssertEqual(live.emails, ["b2@example.com": [ids[2]]], name)
        }
    }
}
