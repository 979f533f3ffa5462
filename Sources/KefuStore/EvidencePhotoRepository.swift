import Foundation
import KefuDomain

/// Photos attached to after-sales cases.
public struct EvidencePhotoRepository: Sendable {
    public init() {}

    static func decode(_ row: Row) throws -> EvidencePhoto {
        EvidencePhoto(id: try row.int("id"), caseID: try row.int("case_id"), filename: try row.string("filename"),
                      contentType: try row.string("content_type"), size: Int(try row.int("size")), uploadedBy: row.optionalInt("uploaded_by"),
                      uploadedAt: try row.date("uploaded_at"))
    }

    public func insert(caseID: Int64, filename: String, contentType: String, content: Data, by user: Int64?, at now: Date,
                       on connection: any SQLConnection) async throws -> EvidencePhoto {
        let row = try await connection.first(
            """
            INSERT INTO after_sales_photos (case_id, filename, content_type, content, size, uploaded_by, uploaded_at)
            VALUES (\(caseID), \(filename), \(contentType), \(SQLValue.blob(Array(content))), \(content.count), \(user), \(now))
            RETURNING id
            """)
        return EvidencePhoto(id: try row?.int("id") ?? 0, caseID: caseID, filename: filename, contentType: contentType, size: content.count,
                             uploadedBy: user, uploadedAt: now)
    }

    public func list(caseID: Int64, on connection: any SQLConnection) async throws -> [EvidencePhoto] {
        try await connection.query(
            "SELECT id, case_id, filename, content_type, size, uploaded_by, uploaded_at FROM after_sales_photos WHERE case_id = \(caseID) ORDER BY id"
        ).map(Self.decode)
    }

    public func content(id: Int64, caseID: Int64, on connection: any SQLConnection) async throws -> (EvidencePhoto, Data)? {
        guard let row = try await connection.first("SELECT * FROM after_sales_photos WHERE id = \(id) AND case_id = \(caseID)"),
              case .blob(let bytes) = row["content"] else { return nil }
        return (try Self.decode(row), Data(bytes))
    }
}
