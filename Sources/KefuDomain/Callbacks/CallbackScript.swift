import Foundation

/// The script of a callback (回访规范及用语, seed 003; R-CB-2): what to say, step by step, with a branch for a
/// satisfied member and one for an unsatisfied or lukewarm one. The lines live in the script library (situation
/// `follow_up`) so supervisors keep them there; each reason picks its own question.
public struct CallbackScript: Equatable, Sendable {
    /// Where in the call a line is said.
    public enum Step: String, Codable, CaseIterable, Sendable {
        case opening
        case question
        /// 【满意】
        case satisfied
        /// 【不满意/一般】
        case unsatisfied
        case closingSatisfied = "closing_satisfied"
        case closingUnsatisfied = "closing_unsatisfied"
    }

    public struct Line: Equatable, Sendable {
        public var step: Step
        public var scriptID: Int64
        public var title: String
        public var body: String
        public var note: String?

        public init(step: Step, scriptID: Int64, title: String, body: String, note: String?) {
            self.step = step
            self.scriptID = scriptID
            self.title = title
            self.body = body
            self.note = note
        }
    }

    public var reason: Callback.Reason
    /// In call order: by step, then as placed.
    public var lines: [Line]

    public init(reason: Callback.Reason, lines: [Line]) {
        self.reason = reason
        let order = Dictionary(uniqueKeysWithValues: Step.allCases.enumerated().map { ($1, $0) })
        self.lines = lines.enumerated().sorted { (order[$0.element.step]!, $0.offset) < (order[$1.element.step]!, $1.offset) }.map(\.element)
    }

    /// The lines of one step.
    public func lines(_ step: Step) -> [Line] { lines.filter { $0.step == step } }
}
