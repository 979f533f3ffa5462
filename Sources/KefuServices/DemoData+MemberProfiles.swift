import Foundation
import KefuDomain

/// The demo's members as drafts, made from a fixed seed so that every demo database holds the same people: Chinese
/// names by how common the surnames are, mobile numbers that never repeat, mail addresses, homes (and some offices)
/// in a dozen cities, grades, tags, birthdays, a few who must not be called and a few with rest hours of their own.
extension DemoData {
    /// A generated member: the draft to save and how long ago they registered.
    struct DemoMember: Sendable {
        var draft: MemberDraft
        var registeredDaysAgo: Int

        var name: String { draft.name ?? "" }
        var phone: String { draft.phones.first ?? "" }
        var address: MemberDraft.Address { draft.addresses[0] }
    }

    static let memberCount = 3000

    /// The members, the order customers (``customers``) first, in id order.
    static let demoMembers: [DemoMember] = makeMembers(count: memberCount)

    /// The customer of demo order `index`: every third order is one of the regular customers (each reaching
    /// different stages), the rest spread over the other members.
    static func orderCustomer(_ index: Int) -> DemoMember {
        let third = index / 3
        return index % 3 == 0 ? demoMembers[(third + third / 4) % customers.count]
            : demoMembers[customers.count + (index * 37) % (memberCount - customers.count)]
    }

    // MARK: Tables

    /// Common surnames repeated by how often they occur, then rarer and two-character ones.
    static let surnames = (Array(repeating: ["王", "李", "张", "刘", "陈"], count: 4).flatMap { $0 }
        + Array(repeating: ["杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡"], count: 2).flatMap { $0 }
        + ["郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董",
           "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟",
           "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛",
           "欧阳", "司马", "上官"])
    static let femaleNames = ["静", "芳", "敏", "丽", "娜", "艳", "娟", "霞", "婷", "雪", "慧", "颖", "琳", "欣怡", "雨涵", "梓涵",
                              "诗琪", "佳怡", "思雨", "晓燕", "秀英", "桂兰", "玉兰", "淑珍", "丽华", "海燕", "晓丽", "春梅", "美玲", "雅琴"]
    static let maleNames = ["伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "鹏", "浩然", "子轩", "宇航", "俊杰", "志强",
                            "建华", "国强", "海涛", "文博", "晓东", "建国", "立新", "永刚", "家豪", "天宇", "博文", "思远", "振华", "德明"]
    static let mobilePrefixes = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155",
                                 "156", "157", "158", "159", "176", "177", "178", "180", "181", "182", "183", "185", "188", "189", "199"]
    static let mailHandles = ["sunny", "happy", "lucky", "xiaoyu", "mumu", "tiantian", "amy", "leo", "kevin", "lily", "jack", "grace",
                              "coco", "nana", "echo", "vivian", "tony", "david", "summer", "moon"]
    static let mailDomains = ["163.com", "126.com", "sina.com", "outlook.com", "foxmail.com", "gmail.com"]

    /// Province, city, the first six digits of identity numbers issued there, districts and roads.
    static let cities: [(province: String, city: String, area: String, districts: [String], roads: [String])] = [
        ("浙江省", "杭州市", "330106", ["西湖区", "上城区", "拱墅区", "滨江区", "余杭区"], ["文三路", "天目山路", "延安路", "江南大道", "文一西路"]),
        ("浙江省", "宁波市", "330203", ["海曙区", "鄞州区", "江北区"], ["中山东路", "天童南路", "环城北路"]),
        ("江苏省", "南京市", "320106", ["鼓楼区", "玄武区", "建邺区", "江宁区"], ["中山北路", "北京东路", "江东中路", "双龙大道"]),
        ("江苏省", "苏州市", "320508", ["姑苏区", "工业园区", "吴中区"], ["人民路", "星湖街", "东吴北路"]),
        ("上海市", "上海市", "310115", ["浦东新区", "徐汇区", "静安区", "闵行区"], ["世纪大道", "漕溪北路", "南京西路", "莘庄路"]),
        ("北京市", "北京市", "110105", ["朝阳区", "海淀区", "东城区", "丰台区"], ["建国路", "中关村大街", "东四北大街", "丰台北路"]),
        ("广东省", "广州市", "440106", ["天河区", "越秀区", "海珠区", "番禺区"], ["天河路", "环市东路", "新港中路", "市桥路"]),
        ("广东省", "深圳市", "440305", ["南山区", "福田区", "宝安区", "龙岗区"], ["深南大道", "福华路", "宝安大道", "龙岗大道"]),
        ("四川省", "成都市", "510107", ["武侯区", "锦江区", "青羊区"], ["人民南路", "春熙路", "蜀都大道"]),
        ("湖北省", "武汉市", "420111", ["洪山区", "江汉区", "武昌区"], ["珞喻路", "解放大道", "中北路"]),
        ("山东省", "青岛市", "370202", ["市南区", "崂山区", "黄岛区"], ["香港中路", "海尔路", "长江中路"]),
        ("福建省", "厦门市", "350203", ["思明区", "湖里区"], ["湖滨南路", "嘉禾路"]),
        ("湖南省", "长沙市", "430104", ["岳麓区", "芙蓉区", "天心区"], ["麓山南路", "五一大道", "芙蓉中路"]),
        ("陕西省", "西安市", "610113", ["雁塔区", "碑林区", "未央区"], ["长安南路", "南大街", "凤城八路"]),
    ]
    static let estates = ["阳光花园", "翠苑一区", "金色家园", "锦绣华庭", "桂花园", "万科城", "碧水湾", "香槟国际", "世纪花园", "和平新村"]
    static let towers = ["国贸大厦", "环球中心", "创业大厦", "科技园A座", "金融中心"]
    static let registrationChannels = ["淘宝", "淘宝", "京东", "京东", "拼多多", "官网", "微信小程序", "微信小程序", "电话", "门店"]
    static let interestTags = ["价格敏感", "母婴", "数码控", "美妆", "家居", "企业采购", "高潜力", "夜间购物", "投诉敏感", "环保包装"]
    static let preferences = ["偏好顺丰快递", "只在工作日收货", "喜欢纯棉材质", "关注新品上市", "有事请发短信", "下午三点以后方便接电话",
                              "收货请放快递柜", "喜欢简约风格", "给父母代买，请联系本人"]
    static let notes = ["老客户，去年双十一下过大单", "曾投诉物流慢，已妥善处理", "对价格比较敏感，关注优惠活动", "公司团购联系人",
                        "说话直接，沟通时请耐心"]
    /// Rest hours some members asked for instead of the default (R-CB-3).
    static let ownRestHours = ["12:00-14:30,21:00-09:00", "09:00-11:00,21:00-09:00", "12:00-14:00,20:00-10:00", "13:00-15:00,22:00-08:30"]

    // MARK: Generation

    static func makeMembers(count: Int) -> [DemoMember] {
        var random = DemoRandom(seed: 2026)
        var phones = Set(customers.map(\.phone))
        var emails = Set<String>()
        var members: [DemoMember] = customers.enumerated().map { index, customer in
            let grades: [MemberGrade] = [.gold, .silver, .platinum, .normal, .diamond, .silver, .gold, .normal]
            let female = ["王芳", "赵敏", "陈静", "孙丽"].contains(customer.name)
            return DemoMember(draft: MemberDraft(
                name: customer.name, gender: female ? "female" : "male", birthYear: 1975 + index * 3, birthday: "0\(index + 1)-1\(index)",
                phones: [customer.phone], emails: [],
                addresses: [.init(recipient: customer.name, phone: customer.phone, province: customer.province, city: customer.city,
                                  district: customer.district, line: customer.line)],
                grade: grades[index].rawValue, tags: index % 2 == 0 ? ["老客户"] : [], registrationChannel: "电话"),
                registeredDaysAgo: 900 - index * 20)
        }
        for index in customers.count..<count {
            members.append(makeMember(index, count: count, random: &random, phones: &phones, emails: &emails))
        }
        return members
    }

    static func makeMember(_ index: Int, count: Int, random: inout DemoRandom, phones: inout Set<String>, emails: inout Set<String>) -> DemoMember {
        let gender: Gender = random.chance(3) ? .unknown : random.chance(52) ? .female : .male
        let name = random.pick(surnames) + random.pick(gender == .male ? maleNames : femaleNames)
        // The last eight digits are a bijection of the index (the multiplier is prime to 10⁸): no two members share them.
        let suffix = String(format: "%08d", (index * 48_271 + 19_283_746) % 100_000_000)
        var phone = random.pick(mobilePrefixes) + suffix
        while !phones.insert(phone).inserted { phone = random.pick(mobilePrefixes) + suffix }
        var memberPhones = [phone]
        if random.chance(6) {
            let second = random.pick(mobilePrefixes) + String(format: "%08d", (index * 7_919 + 55_555_555) % 100_000_000)
            if phones.insert(second).inserted { memberPhones.append(second) }
        }
        let birthYear = random.chance(85) ? 1958 + random.below(47) : nil
        var birthday: String?
        if random.chance(70) {
            let month = 1 + random.below(12)
            birthday = String(format: "%02d-%02d", month, 1 + random.below([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]))
        }
        var memberEmails: [String] = []
        if random.chance(60) {
            var email = ""
            repeat {
                email = random.chance(40) ? "\(10_000 + random.below(2_000_000_000))@qq.com"
                    : "\(random.pick(mailHandles))\(birthYear.map { String($0 % 100) } ?? "")\(random.below(1000))@\(random.pick(mailDomains))"
            } while !emails.insert(email).inserted
            memberEmails.append(email)
        }
        let city = random.pick(cities)
        let road = random.pick(city.roads)
        var addresses = [MemberDraft.Address(
            recipient: name, phone: phone, province: city.province, city: city.city, district: random.pick(city.districts),
            line: "\(road)\(1 + random.below(300))号\(random.pick(estates))\(1 + random.below(20))幢\(1 + random.below(6))0\(1 + random.below(4))室")]
        if random.chance(10) {
            addresses.append(.init(recipient: name, phone: phone, province: city.province, city: city.city, district: random.pick(city.districts),
                                   line: "\(random.pick(city.roads))\(1 + random.below(500))号\(random.pick(towers))\(2 + random.below(30))楼"))
        }
        var idNumber: String?
        if let birthYear, let birthday, random.chance(10) {
            let body = city.area + String(birthYear) + birthday.replacingOccurrences(of: "-", with: "")
                + String(format: "%03d", random.below(500) * 2 + (gender == .male ? 1 : 0))
            idNumber = body + idCheckDigit(body)
        }
        let roll = random.below(100)
        let grade: MemberGrade = roll < 50 ? .normal : roll < 77 ? .silver : roll < 91 ? .gold : roll < 98 ? .platinum : .diamond
        let registeredDaysAgo = 1 + (count - index) * 1095 / count + random.below(3)
        var tags: [String] = []
        if grade >= .platinum { tags.append("VIP") }
        if registeredDaysAgo > 700, random.chance(60) { tags.append("老客户") }
        if registeredDaysAgo < 60 { tags.append("新客户") }
        for _ in 0..<random.below(3) { tags.append(random.pick(interestTags)) }
        let doNotCall = index % 150 == 77
        return DemoMember(draft: MemberDraft(
            name: name, gender: gender.rawValue, birthYear: birthYear, birthday: birthday, idNumber: idNumber, phones: memberPhones,
            emails: memberEmails, addresses: addresses, grade: grade.rawValue, tags: Array(Set(tags)).sorted(),
            registrationChannel: random.pick(registrationChannels), preferences: random.chance(30) ? random.pick(preferences) : nil,
            notes: doNotCall ? "客户要求不要来电，有事请发短信或邮件" : random.chance(10) ? random.pick(notes) : nil, doNotCall: doNotCall,
            restHours: index % 97 == 13 ? random.pick(ownRestHours) : nil), registeredDaysAgo: registeredDaysAgo)
    }

    /// The check character of an 18-character resident identity number (GB 11643).
    static func idCheckDigit(_ body: String) -> String {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body.compactMap(\.wholeNumberValue), weights).reduce(0) { $0 + $1.0 * $1.1 }
        return ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"][sum % 11]
    }
}

/// SplitMix64: a small, fast generator with a fixed seed, so that demo data is the same on every machine.
struct DemoRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// True `percent` times in a hundred.
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}
