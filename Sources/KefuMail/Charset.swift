import Foundation
import KefuFiles

/// Turns bytes labelled with a MIME charset name into text.
///
/// Chinese mail arrives as GB2312, GBK or GB18030 (all read as GB18030, their superset) or Big5;
/// Western mail as ISO-8859-1, which in practice is Windows-1252. A missing, unknown or wrong label
/// falls back to ``TextDecoding/decode(_:preferring:)``, which recognises UTF-8, GB18030 and Big5.
enum Charset {
    private static let encodings: [String: String.Encoding] = {
        var table = [String: String.Encoding]()
        func add(_ names: [String], _ encoding: String.Encoding) { for name in names { table[name] = encoding } }
        add(["iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "cp819", "ibm819",
             "windows-1252", "cp1252", "x-cp1252", "ansi"], .windowsCP1252)
        add(["gb2312", "gbk", "gb18030", "x-gbk", "cp936", "ms936", "windows-936", "euc-cn", "x-euc-cn",
             "csgb2312", "gb_2312-80", "chinese"], TextDecoding.gb18030)
        add(["big5", "big5-hkscs", "cp950", "x-big5", "csbig5", "ms950", "windows-950"], TextDecoding.big5)
        add(["utf-16", "utf16"], .utf16)
        add(["utf-16le"], .utf16LittleEndian)
        add(["utf-16be"], .utf16BigEndian)
        add(["utf-32", "utf32"], .utf32)
        add(["iso-2022-jp", "csiso2022jp"], .iso2022JP)
        add(["shift_jis", "shift-jis", "sjis", "x-sjis", "windows-31j", "cp932"], .shiftJIS)
        add(["euc-jp", "x-euc-jp"], .japaneseEUC)
        add(["iso-8859-2", "latin2", "l2"], .isoLatin2)
        add(["windows-1250", "cp1250"], .windowsCP1250)
        add(["windows-1251", "cp1251"], .windowsCP1251)
        add(["windows-1253", "cp1253"], .windowsCP1253)
        add(["windows-1254", "cp1254"], .windowsCP1254)
        return table
    }()

    /// The text of `data` in the charset called `name` (nil or empty: unlabelled).
    static func decode(_ data: Data, charset name: String?) -> String {
        let label = normalized(name)
        if label.isEmpty { return TextDecoding.decode(data) }
        if label == "utf-8" || label == "utf8" || isASCIILabel(label) {
            return validUTF8(data) ?? TextDecoding.decode(data)
        }
        guard let encoding = encodings[label] else { return TextDecoding.decode(data) }
        if let text = String(data: data, encoding: encoding) { return text }
        if encoding == .windowsCP1252, let text = String(data: data, encoding: .isoLatin1) { return text }
        return TextDecoding.decode(data)
    }

    /// The text of raw header bytes: ASCII or UTF-8 as they are, other 8-bit bytes (GBK, Big5) detected.
    static func headerText<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        if !bytes.contains(where: { $0 >= 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        let data = Data(bytes)
        return validUTF8(data) ?? TextDecoding.decode(data)
    }

    /// Whether a charset name says ASCII; 8-bit bytes under such a label are a sender's mistake.
    private static func isASCIILabel(_ label: String) -> Bool {
        label == "us-ascii" || label == "ascii" || label == "ansi_x3.4-1968" || label == "iso646-us"
    }

    private static func normalized(_ name: String?) -> String {
        guard let name else { return "" }
        var label = MailText.trimmingBlanks(name).lowercased()
        if label.hasPrefix("\""), label.hasSuffix("\""), label.count >= 2 { label = String(label.dropFirst().dropLast()) }
        if let star = label.firstIndex(of: "*") { label = String(label[..<star]) }  // RFC 2231 language suffix
        return label
    }

    private static func validUTF8(_ data: Data) -> String? {
        data.withUnsafeBytes { raw in String(validating: raw.bindMemory(to: UInt8.self), as: UTF8.self) }
    }
}
