import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import KefuHTTP
import KefuDomain
import KefuServices
import NIOCore
import XCTest

/// `POST /api/v1/members/import` through the real router (R-MEM-1, R-MEM-5).
final class MemberImportAPITests: XCTestCase {
    static let boundary = "----kefu-member-import-boundary-5"

    static func multipart(_ file: String, fields: [String: String] = [:]) -> ByteBuffer {
        var body = ""
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"会员.csv\"\r\nContent-Type: text/csv\r\n\r\n\(file)\r\n"
        return ByteBuffer(string: body + "--\(boundary)--\r\n")
    }

    static let file = "name,phone,grade\n陈静,13912345678,gold\n李强,12,silver\n"

    // R-MEM-1: a bad row comes back with its row, field, column and a message; good_rows then stores the good one.
    func testBadRowsThenGoodRowsThenDuplicatesSkippedAndUpdated_R_MEM_1_R_MEM_5() async throws {
        try await AppHarness.run { client, services in
            let token = try await AppHarness.token(client, "admin", AppHarness.adminPassword)
            var multipart = AppHarness.bearer(token, [.acceptLanguage: "en"])
            multipart[.contentType] = "multipart/form-data; boundary=\(Self.boundary)"
            try await client.execute(uri: "/api/v1/members/import", method: .post, headers: multipart, body: Self.multipart(Self.file)) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                let report = AppHarness.decode(response)
                XCTAssertEqual(report["imported"] as? Int, 0)
                XCTAssertEqual(report["committed"] as? Bool, false)
                let errors = report["errors"] as? [[String: Any]] ?? []
                XCTAssertEqual(errors.count, 1)
                XCTAssertEqual(errors.first?["row"] as? Int, 3)
                XCTAssertEqual(errors.first?["field"] as? String, "phone")
                XCTAssertEqual(errors.first?["column"] as? String, "phone")
                XCTAssertEqual(errors.first?["message"] as? String, "is not a valid phone number.")
            }
            let members = try await services.members.list(MemberFilter(), by: .system).total
            XCTAssertEqual(members, 0, "nothing stored")
            try await client.execute(uri: "/api/v1/members/import", method: .post, headers: multipart,
                                     body: Self.multipart(Self.file, fields: ["mode": "good_rows"])) { response in
                XCTAssertEqual(response.status, .created)
                XCTAssertEqual(AppHarness.decode(response)["imported"] as? Int, 1)
            }
            let found = try await services.members.list(MemberFilter(q: "13912345678"), by: .system).members
            let chen = try XCTUnwrap(found.first)

            // The file as the body itself: the stored member is skipped and named, the new one created.
            var raw = AppHarness.bearer(token, [.acceptLanguage: "zh-CN"])
            raw[.contentType] = "text/csv; charset=utf-8"
            let csv = "姓名,手机,会员等级\n陈静,13912345678,钻石\n王芳,13700137000,普通\n"
            try await client.execute(uri: "/api/v1/members/import?duplicates=skip", method: .post, headers: raw, body: ByteBuffer(string: csv)) { response in
                XCTAssertEqual(response.status, .created)
                let report = AppHarness.decode(response)
                XCTAssertEqual([report["imported"], report["skipped"], report["updated"]].map { $0 as? Int }, [1, 1, 0])
                let duplicates = report["duplicates"] as? [[String: Any]] ?? []
                XCTAssertEqual(duplicates.first?["row"] as? Int, 2)
                XCTAssertEqual((duplicates.first?["member_id"] as? NSNumber)?.int64Value, chen.id)
                XCTAssertEqual(duplicates.first?["action"] as? String, "skipped")
            }
            // R-MEM-5: update changes the stored member, kept in its history.
            try await client.execute(uri: "/api/v1/members/import?duplicates=update", method: .post, headers: raw, body: ByteBuffer(string: csv)) { response in
                XCTAssertEqual(response.status, .ok)
                let report = AppHarness.decode(response)
                XCTAssertEqual([report["imported"], report["updated"], report["unchanged"]].map { $0 as? Int }, [0, 1, 1])
            }
            try await client.execute(uri: "/api/v1/members/\(chen.id)/history", method: .get, headers: raw) { response in
                let items = AppHarness.decode(response)["items"] as? [[String: Any]] ?? []
                XCTAssertEqual(items.compactMap { $0["action"] as? String }, ["updated", "imported"])
            }
            // A duplicate reported by default names the member, in the caller's language.
            try await client.execute(uri: "/api/v1/members/import", method: .post, headers: raw, body: ByteBuffer(string: csv)) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                let errors = AppHarness.decode(response)["errors"] as? [[String: Any]] ?? []
                XCTAssertEqual(errors.first?["message"] as? String, "13912345678 已属于会员 #\(chen.id)。")
                XCTAssertEqual(errors.first?["column"] as? String, "手机")
            }
            try await client.execute(uri: "/api/v1/members/import?mode=maybe", method: .post, headers: raw, body: ByteBuffer(string: csv)) { response in
                XCTAssertEqual(response.status, .badRequest)
            }
            try await client.execute(uri: "/api/v1/members/import", method: .post, headers: raw, body: ByteBuffer(string: "")) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                XCTAssertEqual((AppHarness.decode(response)["errors"] as? [[String: Any]])?.first?["field"] as? String, "file")
            }
            try await client.execute(uri: "/api/v1/members/import", method: .post, headers: raw, body: ByteBuffer(string: "性别\n男\n")) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                let codes = (AppHarness.decode(response)["errors"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
                XCTAssertEqual(codes, ["error.import_missing_column", "error.import_missing_column"])
            }
        }
    }

    func testAgentsWithoutMembersManageAreRefused() async throws {
        try await AppHarness.run { client, services in
            let token = try await AppHarness.token(client, "zhang.wei", AppHarness.staffPassword)
            var raw = AppHarness.bearer(token)
            raw[.contentType] = "text/csv"
            try await client.execute(uri: "/api/v1/members/import", method: .post, headers: raw, body: ByteBuffer(string: Self.file)) { response in
                XCTAssertEqual(response.status, .forbidden)
            }
            let members = try await services.members.list(MemberFilter(), by: .system).total
            XCTAssertEqual(members, 0)
        }
    }
}
