@testable import KefuMail
import XCTest

final class HTMLTextTests: XCTestCase {
    func testBlocksBreaksAndEntities() {
        XCTAssertEqual(HTMLText.plainText("<div>a</div><div>b<br>c</div><p>d &lt;e&gt; &amp; &quot;f&quot; &#39;g&#39;</p>"),
                       "a\nb\nc\nd <e> & \"f\" 'g'")
        XCTAssertEqual(HTMLText.plainText("<p>one</p>\n\n\n<br><br><br><p>two</p>"), "one\n\ntwo", "at most one blank line")
        XCTAssertEqual(HTMLText.plainText("a &nbsp; b &copy &unknown; &#x1F600; &#0;"), "a b © &unknown; 😀 \u{FFFD}")
    }

    func testSkipsScriptStyleHeadAndComments() {
        let html = "<HTML><HEAD><TITLE>t</TITLE><STYLE>p{}</STYLE></HEAD><BODY><!-- c --><SCRIPT>x<y</SCRIPT>shown</BODY></HTML>"
        XCTAssertEqual(HTMLText.plainText(html), "shown")
    }

    func testAttributesWithAngleBracketsAndStrayLessThan() {
        XCTAssertEqual(HTMLText.plainText("<a title=\"a > b\" href='x'>link</a> 3 < 4"), "link 3 < 4")
    }

    func testPreKeepsWhitespaceAndTablesKeepCellsApart() {
        XCTAssertEqual(HTMLText.plainText("<pre>a  b\n  c</pre>"), "a  b\n  c")
        XCTAssertEqual(HTMLText.plainText("<table><tr><td>x</td><td>y</td></tr><tr><td>z</td></tr></table>"), "x y\nz")
    }

    func testUnclosedMarkupDoesNotTrap() {
        for html in ["<", "<div", "<!--", "&", "&#", "&#x", "<script>never closed", "<a href=\"x>"] {
            _ = HTMLText.plainText(html)
        }
    }
}
