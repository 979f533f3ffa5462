import Foundation
import KefuDomain
import KefuStore

/// Photo evidence on after-sales cases (R-AS-2).
extension AfterSalesService {
    /// Attaches a photo; only real JPEG/PNG/GIF/WebP images up to 5 MB, at most 10 per case.
    public func addPhoto(caseID: Int64, filename: String?, data: Data, by principal: Principal) async throws -> EvidencePhoto {
        try principal.require(.afterSalesManage)
        var problems: [FieldError] = []
        let contentType = EvidencePhoto.imageType(of: data)
        if data.isEmpty { problems.append(FieldError(field: "file", code: "error.required")) }
        else if contentType == nil { problems.append(FieldError(field: "file", code: "error.not_an_image")) }
        if data.count > EvidencePhoto.maximumSize {
            problems.append(FieldError(field: "file", code: "error.file_too_large", arguments: ["max": "\(EvidencePhoto.maximumSize / 1024 / 1024) MB"]))
        }
        guard problems.isEmpty, let contentType else { throw ServiceError.validation(problems) }
        let name = String((filename ?? "photo").split(whereSeparator: { "/\\".contains($0) }).last ?? "photo").prefix(120)
        let now = clock.now
        let photos = EvidencePhotoRepository()
        return try await database.transaction { connection in
            guard try await cases.find(id: caseID, on: connection) != nil else { throw ServiceError.notFound(entity: "after_sales_case") }
            if try await photos.list(caseID: caseID, on: connection).count >= EvidencePhoto.maximumPerCase {
                throw ServiceError.validation([FieldError(field: "file", code: "error.too_many_photos", arguments: ["max": "\(EvidencePhoto.maximumPerCase)"])])
            }
            let photo = try await photos.insert(caseID: caseID, filename: String(name), contentType: contentType, content: data,
                                                by: principal.user?.id, at: now, on: connection)
            try await events.append(principal.event("after_sales.photo_added", entity: "after_sales", id: "\(caseID)",
                                                    after: Snapshot.json(["photo": "\(photo.id)", "filename": photo.filename, "size": "\(data.count)"]),
                                                    at: now), on: connection)
            return photo
        }
    }

    public func photos(caseID: Int64, by principal: Principal) async throws -> [EvidencePhoto] {
        try principal.require(.ordersView)
        return try await database.read { try await EvidencePhotoRepository().list(caseID: caseID, on: $0) }
    }

    public func photo(id: Int64, caseID: Int64, by principal: Principal) async throws -> (EvidencePhoto, Data) {
        try principal.require(.ordersView)
        guard let photo = try await database.read({ try await EvidencePhotoRepository().content(id: id, caseID: caseID, on: $0) }) else {
            throw ServiceError.notFound(entity: "photo")
        }
        return photo
    }
}
