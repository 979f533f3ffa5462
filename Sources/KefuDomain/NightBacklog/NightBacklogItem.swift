import Foundation

/// One item of the night-shift backlog (晚班问题, R-TKT-11): what the evening shift could not finish, registered by
/// category with the customer, the order, what happened and what must be done. Whoever picks it up the next
/// morning fills the receipt (接收人/回执: who, when, a note), then marks it done with the result. Images attach.
public struct NightBacklogItem: Codable, Equatable, Sendable {
    /// Whom the item needs contacting (seed 003: 联系快递, 联系售后, 联系外网, 联系分销), in the order the list shows them.
    public enum Category: String, Codable, CaseIterable, Sendable {
        /// The carrier (快递): a parcel to chase, lost or damaged in transit.
        case carrier
        /// After-sales (售后): returns, exchanges, refunds, quality problems.
        case afterSales = "after_sales"
        /// Outside sites and platforms (外网): a marketplace's service desk, a dispute opened there.
        case external
        /// Distributors (分销): orders that came through resellers.
        case distribution
    }

    /// Open until someone picks it up; picked up until they mark it done.
    public enum State: String, Codable, CaseIterable, Sendable {
        case open
        case pickedUp = "picked_up"
        case done
    }

    /// Whether a step (picking up, marking done) may happen now, and if not, why.
    public enum Step: Equatable, Sendable {
        case allowed
        /// Someone already picked it up: an item is picked up once.
        case alreadyPickedUp
        /// Only a picked-up item can be marked done.
        case notPickedUp
        case alreadyDone
    }

    public var id: Int64
    public var category: Category
    public var state: State
    /// The customer as the shop knows them: a name or a platform ID (seed 003: 客户ID).
    public var customerName: String
    public var customerPhone: String?
    public var orderID: Int64?
    public var orderNumber: String?
    public var ticketID: Int64?
    public var ticketNumber: String?
    /// What happened (简单问题描述).
    public var description: String
    /// What must be done (需要处理的事情).
    public var todo: String
    public var recordedBy: Int64?
    public var recordedByName: String?
    public var recordedAt: Date
    public var receiptBy: Int64?
    public var receiptByName: String?
    public var receiptAt: Date?
    public var receiptNote: String?
    public var doneBy: Int64?
    public var doneByName: String?
    public var doneAt: Date?
    public var result: String?
    public var images: [NightBacklogImage]
    public var version: Int64

    public init(id: Int64, category: Category, state: State = .open, customerName: String, customerPhone: String?, orderID: Int64? = nil,
                orderNumber: String? = nil, ticketID: Int64? = nil, ticketNumber: String? = nil, description: String, todo: String,
                recordedBy: Int64?, recordedByName: String? = nil, recordedAt: Date, images: [NightBacklogImage] = [], version: Int64 = 1) {
        self.id = id
        self.category = category
        self.state = state
        self.customerName = customerName
        self.customerPhone = customerPhone
        self.orderID = orderID
        self.orderNumber = orderNumber
        self.ticketID = ticketID
        self.ticketNumber = ticketNumber
        self.description = description
        self.todo = todo
        self.recordedBy = recordedBy
        self.recordedByName = recordedByName
        self.recordedAt = recordedAt
        self.images = images
        self.version = version
    }

    /// Whether the item can be picked up now: only an open one, once.
    public var pickUp: Step {
        switch state {
        case .open: .allowed
        case .pickedUp: .alreadyPickedUp
        case .done: .alreadyDone
        }
    }

    /// Whether the item can be marked done now: only after it was picked up, once.
    public var completion: Step {
        switch state {
        case .open: .notPickedUp
        case .pickedUp: .allowed
        case .done: .alreadyDone
        }
    }

    /// How long the item has waited: from when it was recorded until it was done, or until `now`.
    public func age(at now: Date) -> TimeInterval {
        max(0, (doneAt ?? now).timeIntervalSince(recordedAt))
    }
}

/// An image attached to a backlog item (a customer's photo of a damaged parcel, a screenshot), kept in the database
/// like after-sales evidence photos.
public struct NightBacklogImage: Codable, Equatable, Sendable {
    public var id: Int64
    public var itemID: Int64
    public var filename: String
    public var contentType: String
    public var size: Int
    public var uploadedBy: Int64?
    public var uploadedAt: Date

    public init(id: Int64, itemID: Int64, filename: String, contentType: String, size: Int, uploadedBy: Int64?, uploadedAt: Date) {
        self.id = id
        self.itemID = itemID
        self.filename = filename
        self.contentType = contentType
        self.size = size
        self.uploadedBy = uploadedBy
        self.uploadedAt = uploadedAt
    }

    /// The types accepted, told by the file's first bytes; the largest file; how many an item may hold.
    public static let allowedTypes: Set<String> = ["image/jpeg", "image/png", "image/webp"]
    public static let maximumSize = EvidencePhoto.maximumSize
    public static let maximumPerItem = 10

    /// The image type of `bytes` when it is a JPEG, PNG or WebP image (never judged by name or the browser's claim).
    public static func imageType(of bytes: Data) -> String? {
        EvidencePhoto.imageType(of: bytes).flatMap { allowedTypes.contains($0) ? $0 : nil }
    }

    /// What is wrong with a file offered as an image, as errors on `field`.
    public static func problems(_ bytes: Data, field: String) -> [FieldError] {
        if bytes.isEmpty { return [FieldError(field: field, code: "error.required")] }
        if bytes.count > maximumSize {
            return [FieldError(field: field, code: "error.file_too_large", arguments: ["max": "\(maximumSize / 1024 / 1024) MB"])]
        }
        return imageType(of: bytes) == nil ? [FieldError(field: field, code: "error.backlog_image_type")] : []
    }
}
