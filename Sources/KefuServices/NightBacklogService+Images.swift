import Foundation
import KefuDomain
import KefuStore

/// Images on backlog items (R-TKT-11: a customer's photos go with the item), stored like after-sales photos.
extension NightBacklogService {
    /// Attaches one image: a JPEG, PNG or WebP file (by its bytes) of at most 5 MB, at most 10 per item. Records
    /// `night_backlog.image_added`.
    public func addImage(itemID: Int64, _ upload: NightBacklogUpload, by principal: Principal) async throws -> NightBacklogImage {
        try principal.require(.ticketsManage)
        let problems = NightBacklogImage.problems(upload.data, field: "file")
        guard problems.isEmpty, let contentType = NightBacklogImage.imageType(of: upload.data) else { throw ServiceError.validation(problems) }
        let now = clock.now
        return try await database.transaction { connection in
            _ = try await existing(itemID, on: connection)
            if try await repository.imageCount(itemID: itemID, on: connection) >= NightBacklogImage.maximumPerItem {
                throw ServiceError.validation([Self.tooMany("file")])
            }
            let image = try await repository.insertImage(itemID: itemID, filename: Self.filename(upload.filename), contentType: contentType,
                                                         content: upload.data, by: principal.user?.id, at: now, on: connection)
            try await repository.touch(id: itemID, at: now, on: connection)
            try await events.append(principal.event("night_backlog.image_added", entity: "night_backlog", id: "\(itemID)",
                                                    after: Snapshot.json(["image": "\(image.id)", "filename": image.filename, "size": "\(image.size)"]),
                                                    at: now), on: connection)
            return image
        }
    }

    /// One image with its bytes.
    public func image(id: Int64, itemID: Int64, by principal: Principal) async throws -> (NightBacklogImage, Data) {
        try principal.require(.ticketsView)
        guard let image = try await database.read({ try await repository.imageContent(id: id, itemID: itemID, on: $0) }) else {
            throw ServiceError.notFound(entity: "night_backlog_image")
        }
        return image
    }

    /// What is wrong with the images given with a new item, by their place (`images[0]`), and their number.
    static func imageProblems(_ uploads: [NightBacklogUpload]) -> [FieldError] {
        var problems = uploads.enumerated().flatMap { NightBacklogImage.problems($0.element.data, field: "images[\($0.offset)]") }
        if uploads.count > NightBacklogImage.maximumPerItem { problems.append(tooMany("images")) }
        return problems
    }

    static func tooMany(_ field: String) -> FieldError {
        FieldError(field: field, code: "error.too_many_files", arguments: ["max": "\(NightBacklogImage.maximumPerItem)"])
    }

    /// The file's own name without any folder, shortened; "image" when none was sent.
    static func filename(_ name: String?) -> String {
        let last = (name ?? "").split(whereSeparator: { "/\\".contains($0) }).last.map(String.init) ?? ""
        return String((last.isEmpty ? "image" : last).prefix(120))
    }
}
