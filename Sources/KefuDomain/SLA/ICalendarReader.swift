import Foundation

/// The content lines of an iCalendar file (RFC 5545 §3.1): folded lines joined, each with the number of
/// the line it starts on, and the top-level VEVENTs gathered with their own properties (not those of an
/// alarm inside them). LF-only files and blank lines, common in published holiday calendars, are accepted.
enum ICalendarReader {
    struct Property: Equatable {
        var name: String
        /// Parameter names upper-cased; quoted values unquoted.
        var parameters: [String: String]
        var value: String
        var line: Int
    }

    struct Event: Equatable {
        /// The line of `BEGIN:VEVENT`.
        var line: Int
        var properties: [Property] = []

        func first(_ name: String) -> Property? { properties.first { $0.name == name } }
        func all(_ name: String) -> [Property] { properties.filter { $0.name == name } }
    }

    /// The events of every VCALENDAR in `text`.
    static func events(in text: String) throws(ICalendarError) -> [Event] {
        let content = try contentLines(text)
        guard let first = content.first, first.text.trimmingCharacters(in: .whitespaces).uppercased() == "BEGIN:VCALENDAR" else {
            throw ICalendarError(line: content.first?.number ?? 1, code: .notACalendar)
        }
        let lines = try content.map { line throws(ICalendarError) in try property(line.text, line: line.number) }
        var open: [(name: String, line: Int)] = []
        var events: [Event] = []
        var event: Event?
        for line in lines {
            switch line.name {
            case "BEGIN":
                let name = line.value.uppercased()
                if name == "VEVENT", open.map(\.name) == ["VCALENDAR"] { event = Event(line: line.line) }
                open.append((name, line.line))
            case "END":
                let name = line.value.uppercased()
                guard open.last?.name == name else { throw ICalendarError(line: line.line, code: .unexpectedEnd, value: line.value) }
                open.removeLast()
                if name == "VEVENT", open.map(\.name) == ["VCALENDAR"], let finished = event {
                    events.append(finished)
                    event = nil
                }
            default:
                if open.count == 2, open.last?.name == "VEVENT" { event?.properties.append(line) }
            }
        }
        if let unclosed = open.last { throw ICalendarError(line: unclosed.line, code: .unclosed, value: unclosed.name) }
        return events
    }

    /// Unfolded lines (a line starting with a space or tab continues the one before), blank ones dropped.
    static func contentLines(_ text: String) throws(ICalendarError) -> [(text: String, number: Int)] {
        var result: [(text: String, number: Int)] = []
        var number = 0
        var previousBlank = true
        // "\r\n" is one Character in Swift, so CRLF, LF and CR files all split here.
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            number += 1
            var line = raw
            if number == 1, line.first == "\u{FEFF}" { line = line.dropFirst() }
            if let lead = line.first, lead == " " || lead == "\t" {
                if !previousBlank, !result.isEmpty {
                    result[result.count - 1].text += line.dropFirst()
                    continue
                }
                if line.allSatisfy({ $0 == " " || $0 == "\t" }) { previousBlank = true; continue }
                throw ICalendarError(line: number, code: .malformedLine)
            }
            previousBlank = line.isEmpty
            if !line.isEmpty { result.append((String(line), number)) }
        }
        return result
    }

    /// `NAME;PARAM=value;PARAM="quoted:value":the value`.
    static func property(_ text: String, line: Int) throws(ICalendarError) -> Property {
        var name = ""
        var parameters: [String: String] = [:]
        var index = text.startIndex
        while index < text.endIndex, text[index] != ":", text[index] != ";" {
            name.append(text[index])
            index = text.index(after: index)
        }
        while index < text.endIndex, text[index] == ";" {
            index = text.index(after: index)
            var key = "", value = ""
            while index < text.endIndex, text[index] != "=", text[index] != ":", text[index] != ";" {
                key.append(text[index])
                index = text.index(after: index)
            }
            if index < text.endIndex, text[index] == "=" { index = text.index(after: index) }
            var quoted = false
            while index < text.endIndex, quoted || (text[index] != ":" && text[index] != ";") {
                if text[index] == "\"" { quoted.toggle() } else { value.append(text[index]) }
                index = text.index(after: index)
            }
            parameters[key.uppercased()] = value
        }
        guard index < text.endIndex, text[index] == ":", !name.isEmpty else {
            throw ICalendarError(line: line, code: .malformedLine, value: String(text.prefix(40)))
        }
        return Property(name: name.uppercased(), parameters: parameters, value: String(text[text.index(after: index)...]), line: line)
    }
}
