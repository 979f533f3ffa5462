import KefuStore
import XCTest

final class SQLTests: XCTestCase {
    func testInterpolatedValuesAreAlwaysBound() {
        let login = "x' OR '1'='1"
        let query: SQL = "SELECT * FROM users WHERE login = \(login) AND id IN \(list: [1, 2])"
        let sqlite = query.rendered(for: .sqlite)
        XCTAssertEqual(sqlite.text, "SELECT * FROM users WHERE login = ? AND id IN (?, ?)")
        XCTAssertEqual(sqlite.binds, [.text(login), .int(1), .int(2)])
        XCTAssertEqual(query.rendered(for: .postgres).text, "SELECT * FROM users WHERE login = $1 AND id IN ($2, $3)")
    }

    func testJoinedKeepsBindsInOrder() {
        let joined = SQL.joined(["a = \(1)", "b = \(2)"], separator: " AND ")
        let rendered = joined.rendered(for: .postgres)
        XCTAssertEqual(rendered.text, "a = $1 AND b = $2")
        XCTAssertEqual(rendered.binds, [.int(1), .int(2)])
    }
}
