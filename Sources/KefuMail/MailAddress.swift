/// A mailbox: an address and the display name shown with it.
public struct MailAddress: Sendable, Hashable {
    /// The display name, decoded (`张三` from `=?GBK?B?1cXI/Q==?= <zhang@example.com>`); nil when none.
    public var name: String?
    /// The address itself, `local@domain`, without angle brackets.
    public var address: String

    /// A mailbox; an empty `name` is kept as given (the composer writes no name for it).
    public init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }

    /// The part before the `@` (the whole address when there is none).
    public var localPart: String {
        address.lastIndex(of: "@").map { String(address[..<$0]) } ?? address
    }

    /// The mailboxes in an address-list header value (`To`, `Cc`, `From`), groups flattened.
    ///
    /// Takes the raw value, before RFC 2047 decoding, so a decoded name holding `,` or `<` cannot
    /// break the list; encoded words in names are decoded here.
    public static func parseList(_ value: String) -> [MailAddress] {
        AddressListParser.parse(value)
    }
}
