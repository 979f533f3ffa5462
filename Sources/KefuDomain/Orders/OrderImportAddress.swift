import Foundation

/// Splits a one-column Chinese address (`浙江省杭州市西湖区文三路100号`, `北京市朝阳区建国路88号`, or space-separated
/// as Taobao writes it: `浙江省 杭州市 西湖区 文三路 100号`) into province, city, district and street line.
public enum AddressSplitter {
    public struct Parts: Equatable, Sendable {
        public var province: String
        public var city: String
        public var district: String
        public var line: String

        public init(province: String, city: String, district: String, line: String) {
            self.province = province
            self.city = city
            self.district = district
            self.line = line
        }
    }

    static let municipalities = ["北京", "上海", "天津", "重庆"]
    static let provinceMarkers = ["特别行政区", "自治区", "省", "市"]
    static let cityMarkers = ["自治州", "地区", "盟", "市"]
    static let districtMarkers = ["区", "县", "旗", "市"]

    /// The parts of `text`; a part not found is empty (and the draft's validation then names it).
    public static func split(_ text: String) -> Parts {
        let tokens = text.split(whereSeparator: \.isWhitespace).map(String.init)
        if tokens.count >= 4, provinceMarkers.contains(where: { tokens[0].hasSuffix($0) }) || municipalities.contains(tokens[0]) {
            return Parts(province: tokens[0], city: tokens[1], district: tokens[2], line: tokens[3...].joined(separator: " "))
        }
        var rest = Substring(tokens.joined())
        let province = take(&rest, markers: provinceMarkers)
        let city: String
        if municipalities.contains(where: { province.hasPrefix($0) }) {
            // 北京市朝阳区…: the city is the municipality itself, unless written again (北京市北京市朝阳区…).
            city = province
            if rest.hasPrefix(province) { rest = rest.dropFirst(province.count) }
        } else {
            city = take(&rest, markers: cityMarkers)
        }
        let district = take(&rest, markers: districtMarkers)
        return Parts(province: province, city: city, district: district, line: String(rest).trimmingCharacters(in: .whitespaces))
    }

    /// Removes and returns the shortest prefix of `rest` that ends in one of `markers` (at least two characters),
    /// or "" when there is none within the first twelve characters.
    static func take(_ rest: inout Substring, markers: [String]) -> String {
        var best: Substring.Index?
        for marker in markers {
            guard let range = rest.range(of: marker) else { continue }
            let length = rest.distance(from: rest.startIndex, to: range.upperBound)
            guard length >= 2, length <= 12 else { continue }
            if best == nil || range.upperBound < best! { best = range.upperBound }
        }
        guard let end = best else { return "" }
        let part = String(rest[..<end])
        rest = rest[end...]
        return part
    }
}
