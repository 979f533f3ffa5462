import ZIPFoundation

/// Finding the parts of the package: the workbook, its relationships, shared strings and styles.
extension XLSXReader {
    struct Relationships {
        /// Resolved part path by relationship id.
        var targets: [String: String] = [:]
        /// Resolved part path by the last component of the relationship type (`styles`, `sharedStrings`).
        var byType: [String: String] = [:]
    }

    struct Workbook {
        var sheets: [(name: String, relationship: String)] = []
        var date1904 = false
    }

    /// The workbook part named by `_rels/.rels`, or the usual `xl/workbook.xml`.
    static func workbookPath(entries: [String: Entry], archive: Archive) throws(FileFormatError) -> String {
        let root = try relationships(forPart: "", entries: entries, archive: archive)
        if let path = root.byType["officeDocument"], entries[path] != nil { return path }
        if entries["xl/workbook.xml"] != nil { return "xl/workbook.xml" }
        throw .notAnXLSX
    }

    /// The relationships of `part` (`xl/workbook.xml` → `xl/_rels/workbook.xml.rels`); "" for the package.
    static func relationships(
        forPart part: String, entries: [String: Entry], archive: Archive
    ) throws(FileFormatError) -> Relationships {
        let directory = part.split(separator: "/").dropLast().joined(separator: "/")
        let file = part.split(separator: "/").last.map(String.init) ?? ""
        let path = (directory.isEmpty ? "" : directory + "/") + "_rels/" + file + ".rels"
        guard let entry = entries[path] else { return Relationships() }
        let bytes = try extract(entry, from: archive)
        var result = Relationships()
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = XMLScanner(buffer)
            while let token = scanner.next() {
                guard token.kind != .close, scanner.isNamed(token, "Relationship"),
                      scanner.attribute(token, "TargetMode") != "External",
                      let id = scanner.attribute(token, "Id"),
                      let target = scanner.attribute(token, "Target") else { continue }
                let resolved = resolve(target, from: directory)
                result.targets[id] = resolved
                if let type = scanner.attribute(token, "Type")?.split(separator: "/").last {
                    result.byType[String(type)] = result.byType[String(type)] ?? resolved
                }
            }
        }
        return result
    }

    /// A relationship target as a package path: absolute (`/xl/…`) or relative to `directory`.
    static func resolve(_ target: String, from directory: String) -> String {
        var components = target.hasPrefix("/") ? [] : directory.split(separator: "/").map(String.init)
        for component in target.split(separator: "/") {
            if component == ".." {
                _ = components.popLast()
            } else if component != "." {
                components.append(String(component))
            }
        }
        return components.joined(separator: "/")
    }

    static func parseWorkbook(_ bytes: [UInt8]) throws(FileFormatError) -> Workbook {
        var workbook = Workbook()
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = XMLScanner(buffer)
            while let token = scanner.next() {
                guard token.kind == .open || token.kind == .selfClosing else { continue }
                if scanner.isNamed(token, "workbookPr") {
                    let flag = scanner.attribute(token, "date1904")
                    workbook.date1904 = flag == "1" || flag == "true"
                } else if scanner.isNamed(token, "sheet"),
                          let name = scanner.attribute(token, "name"), let id = scanner.attribute(token, "id") {
                    workbook.sheets.append((name, id))
                }
            }
        }
        guard !workbook.sheets.isEmpty else { throw .missingSheet("") }
        return workbook
    }

    /// The shared-string table; rich-text runs are joined, phonetic guides (`rPh`) left out.
    static func parseSharedStrings(_ bytes: [UInt8]) -> [String] {
        var strings = [String]()
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = XMLScanner(buffer)
            while let token = scanner.next() {
                if token.kind == .selfClosing, scanner.isNamed(token, "si") {
                    strings.append("")
                } else if token.kind == .open, scanner.isNamed(token, "si") {
                    strings.append(readRichText(&scanner, until: "si"))
                }
            }
        }
        return strings
    }

    /// Collects the `<t>` text up to the closing `end` tag, skipping phonetic runs.
    static func readRichText(_ scanner: inout XMLScanner, until end: StaticString) -> String {
        var result = ""
        var inText = false, inPhonetic = false
        while let token = scanner.next() {
            switch token.kind {
            case .open:
                if scanner.isNamed(token, "t") { inText = true }
                if scanner.isNamed(token, "rPh") { inPhonetic = true }
            case .close:
                if scanner.isNamed(token, end) { return unescapeOOXML(result) }
                if scanner.isNamed(token, "t") { inText = false }
                if scanner.isNamed(token, "rPh") { inPhonetic = false }
            case .text, .cdata:
                if inText && !inPhonetic {
                    result += token.kind == .cdata ? scanner.rawText(token.body) : scanner.decodedText(token.body)
                }
            case .selfClosing:
                continue
            }
        }
        return unescapeOOXML(result)
    }

    /// Replaces OOXML's `_xHHHH_` escapes with the characters they stand for.
    static func unescapeOOXML(_ text: String) -> String {
        guard text.utf8.contains(0x5F) else { return text }
        return Array(text.utf8).withUnsafeBufferPointer { input in
            var output = [UInt8]()
            output.reserveCapacity(input.count)
            var index = 0
            while index < input.count {
                if XMLWriterBuffer.startsOOXMLEscape(input, at: index),
                   let value = UInt32(String(decoding: input[(index + 2)..<(index + 6)], as: UTF8.self), radix: 16),
                   let scalar = Unicode.Scalar(value) {
                    output.append(contentsOf: String(Character(scalar)).utf8)
                    index += 7
                } else {
                    output.append(input[index])
                    index += 1
                }
            }
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// For each cell format (`cellXfs` index), whether it shows a date, a date and time, or a time.
    static func parseStyles(_ bytes: [UInt8]) -> [DateFormatKind?] {
        var customFormats = [Int: String]()
        var formatIDs = [Int]()
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = XMLScanner(buffer)
            var inCellFormats = false
            while let token = scanner.next() {
                if scanner.isNamed(token, "cellXfs") {
                    inCellFormats = token.kind == .open
                } else if token.kind != .close, scanner.isNamed(token, "numFmt"),
                          let id = scanner.integerAttribute(token, "numFmtId"),
                          let code = scanner.attribute(token, "formatCode") {
                    customFormats[id] = code
                } else if inCellFormats, token.kind != .close, scanner.isNamed(token, "xf") {
                    formatIDs.append(scanner.integerAttribute(token, "numFmtId") ?? 0)
                }
            }
        }
        return formatIDs.map { id in
            customFormats[id].map(NumberFormat.dateKind(ofCode:)) ?? NumberFormat.dateKind(ofBuiltIn: id)
        }
    }
}
