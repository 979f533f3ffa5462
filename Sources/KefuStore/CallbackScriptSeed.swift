import Foundation

/// The callback scripts the callbacks migration puts into the script library (situation `follow_up`). The lines of
/// seed 003's 回访规范及用语 — 开始, 交流, 【满意】, 【不满意/一般】 and the two closings — are its own words and
/// punctuation, with the resort's name (穆家寨生态旅游度假区) left as ×× and 到我们度假区 left out, and its 改进的望您监督
/// read as 改进,希望您监督. The other reasons' questions follow the seeds' instructions where they have no phrase: 002's
/// 主动电话回访 (送到、完好无损、对服务人员是否满意), 003's 再次与客户联系确认客户满意程度 after a complaint, its 特色回访
/// on holidays, its 一周内与客户进行沟通 for a newly assigned member, and its 回访内容 for the rest.
enum CallbackScriptSeed {
    /// `reason` nil: every reason's call uses the line.
    static let lines: [(reason: String?, step: String, title: String, body: String, note: String?)] = [
        (nil, "opening", "回访·开始", "您好我是××的客服代表,请问您是××先生/小姐吗?打扰您了。",
         "避免在客户休息时打扰客户;回访时间不宜过长,内容不宜过多;最好与客户在电话中再约一个方便的时间。"),
        ("delivered_order", "question", "回访·订单送达",
         "感谢您在××时间订购我们的××,请问商品是否按时送到?产品是否完好无损?您对我们服务人员的服务满意吗?",
         "基本的回访结束后,可介绍近期的促销活动;用户明显表现出排斥、厌烦时,应立即停止,向用户致歉后挂机。"),
        ("service_follow_up", "question", "回访·服务之后", "感谢您在××时间体验我们的××服务项目,请问您对××服务项目满意吗?", nil),
        ("complaint_follow_up", "question", "回访·投诉处理之后",
         "关于您××时间反映的××问题,我们已经按照与您确认的方案处理完毕,请问您对处理结果满意吗?",
         "确认客户满意程度;客户仍不满意时,按投诉处理流程重新受理。"),
        ("occasion", "question", "回访·节日与生日", "值此××之际,祝您节日快乐!感谢您一直以来的支持,请问您对我们的产品和服务有什么建议和意见?", nil),
        ("first_contact", "question", "回访·专属客服首次联系",
         "我是您的专属客服××,以后由我为您服务,请问您对我们的产品和服务有什么需要或建议吗?",
         "客服专员负责的客户,应在一周内与客户进行沟通,并做详细备案。"),
        ("manual", "question", "回访·征询意见", "请问您对本司的评价如何?对我们的产品和服务有什么建议和意见?", nil),
        (nil, "satisfied", "回访·【满意】", "您对我们的服务有什么建议吗?", nil),
        (nil, "unsatisfied", "回访·【不满意/一般】", "(能否告诉我您对哪方面不满意吗?/我们应改进哪方面的工作)",
         "认真记录客户的每一条意见;不满意的回访会生成投诉或改进工单。"),
        (nil, "closing_satisfied", "回访·结束【满意】", "感谢您的答复,您如果需要什么帮助,可随时跟我们取得联系,祝您(节日快乐),再见!", nil),
        (nil, "closing_unsatisfied", "回访·结束【不满意/一般】",
         "非常谢谢您的反应,这一点我们的确做得不够,我们很快就会有改进,希望您监督,祝您(节日快乐),再见!", nil),
    ]
}
