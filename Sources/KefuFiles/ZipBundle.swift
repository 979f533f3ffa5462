import Foundation
import ZIPFoundation

/// Packs several named files into one `.zip` (e.g. one export per supplier for the daily close).
///
/// Names are stored as UTF-8 (with the ZIP UTF-8 flag), so Chinese file names show correctly in
/// current Windows, macOS and Linux tools. Names may contain `/` for folders but must be relative.
public enum ZipBundle {
    /// One file to put in the bundle.
    public struct File: Equatable, Sendable {
        /// The path inside the archive, such as `供应商甲.xlsx` or `2026-11-23/供应商甲.csv`.
        public var name: String
        /// The file's contents.
        public var data: Data

        public init(name: String, data: Data) {
            self.name = name
            self.data = data
        }
    }

    /// The bytes of a ZIP archive holding `files` in the given order.
    public static func data(_ files: [File]) throws(FileFormatError) -> Data {
        var seen = Set<String>()
        for file in files {
            let parts = file.name.split(separator: "/", omittingEmptySubsequences: false)
            guard !file.name.isEmpty, !file.name.hasPrefix("/"), !file.name.contains("\\"),
                  !parts.contains(where: { $0 == ".." || $0.isEmpty }) else {
                throw .invalidEntryName(file.name)
            }
            guard seen.insert(file.name).inserted else { throw .duplicateEntry(file.name) }
        }
        return try archive(files.map { ($0.name, [UInt8]($0.data)) })
    }

    /// Writes the bundle atomically to `url`.
    public static func write(_ files: [File], to url: URL) throws(FileFormatError) {
        let bytes = try data(files)
        do { try bytes.write(to: url, options: .atomic) } catch {
            throw .io("cannot write \(url.lastPathComponent)")
        }
    }

    /// Deflates `parts` into an in-memory ZIP archive, in the order given.
    static func archive(_ parts: [(path: String, bytes: [UInt8])]) throws(FileFormatError) -> Data {
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            for part in parts {
                try archive.addEntry(
                    with: part.path, type: .file, uncompressedSize: Int64(part.bytes.count),
                    compressionMethod: .deflate, bufferSize: 256 * 1024
                ) { position, size in
                    let start = Int(position)
                    return part.bytes.withUnsafeBufferPointer { buffer in
                        Data(buffer: UnsafeBufferPointer(rebasing: buffer[start..<start + size]))
                    }
                }
            }
            guard let data = archive.data else { throw FileFormatError.io("cannot build the ZIP archive") }
            return data
        } catch let error as FileFormatError {
            throw error
        } catch {
            throw .io("cannot build the ZIP archive")
        }
    }
}
