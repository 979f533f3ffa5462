/// Mappings for the exports the big platforms produce. Header names are those of the merchant back-office
/// order exports (order-and-item sheets, one row per item); candidates cover the older and newer spellings.
extension ImportMapping {
    /// Presets by name, as the API and the CLI take them (`taobao`, `jd`, `pdd`).
    public static func preset(named name: String) -> ImportMapping? {
        switch name.lowercased() {
        case "taobao", "tmall": return taobao
        case "jd": return jd
        case "pdd", "pinduoduo": return pdd
        default: return nil
        }
    }

    public static let presetNames = ["taobao", "jd", "pdd"]

    /// Taobao/Tmall 千牛 "订单报表" merged with "宝贝报表": 订单编号, 买家会员名, 收货人姓名, 联系手机 (or 联系电话),
    /// 收货地址 (one column, `浙江省 杭州市 西湖区 文三路100号`), 商家编码 (or 外部系统编号), 宝贝数量 / 购买数量,
    /// 商品价格 / 价格 (unit price in yuan), 支付方式.
    public static let taobao: ImportMapping = {
        var mapping = ImportMapping(channel: .taobao)
        mapping.externalNumber = ["订单编号", "主订单编号"]
        mapping.customerName = ["收货人姓名", "买家会员名"]
        mapping.customerPhone = ["联系手机", "联系电话"]
        mapping.recipient = ["收货人姓名"]
        mapping.addressPhone = ["联系手机", "联系电话"]
        mapping.fullAddress = ["收货地址", "收货地址 "]
        mapping.sku = ["商家编码", "外部系统编号", "商品编码"]
        mapping.quantity = ["宝贝数量", "购买数量", "宝贝总数量"]
        mapping.unitPrice = ["商品价格", "价格", "商品单价"]
        mapping.paymentMethod = ["支付方式", "付款方式"]
        return mapping
    }()

    /// JD 京麦 order export: 订单号, 客户姓名, 联系电话, 省, 市, 县 (district), 详细地址 (street line), 商品编号 (or
    /// 商家SKU), 订购数量, 京东价 (unit price in yuan), 支付方式 (`在线支付` / `货到付款`).
    public static let jd: ImportMapping = {
        var mapping = ImportMapping(channel: .jd)
        mapping.externalNumber = ["订单号"]
        mapping.customerName = ["客户姓名", "收货人"]
        mapping.customerPhone = ["联系电话", "客户电话", "手机号"]
        mapping.recipient = ["收货人", "客户姓名"]
        mapping.addressPhone = ["联系电话", "手机号"]
        mapping.province = ["省"]
        mapping.city = ["市"]
        mapping.district = ["县", "区", "区县"]
        mapping.line = ["详细地址", "客户地址"]
        mapping.sku = ["商家SKU", "商品编号", "商家编码"]
        mapping.quantity = ["订购数量", "商品数量"]
        mapping.unitPrice = ["京东价", "商品单价"]
        mapping.paymentMethod = ["支付方式", "付款方式"]
        return mapping
    }()

    /// Pinduoduo 商家后台 order export: 订单号, 收货人, 手机, 省, 市, 区, 街道 (street line), 商品规格编码 (or
    /// 样式ID / 商家编码-规格维度), 商品数量(件), 商品总价(元) — the line total, so the unit price is total ÷ quantity.
    public static let pdd: ImportMapping = {
        var mapping = ImportMapping(channel: .pdd)
        mapping.externalNumber = ["订单号"]
        mapping.customerName = ["收货人"]
        mapping.customerPhone = ["手机", "收货人手机号"]
        mapping.recipient = ["收货人"]
        mapping.addressPhone = ["手机", "收货人手机号"]
        mapping.province = ["省"]
        mapping.city = ["市"]
        mapping.district = ["区"]
        mapping.line = ["街道", "详细地址"]
        mapping.sku = ["商品规格编码", "商家编码-规格维度", "样式ID"]
        mapping.quantity = ["商品数量(件)", "商品数量"]
        mapping.unitPrice = ["商品总价(元)"]
        mapping.priceIsLineTotal = true
        mapping.paymentMethod = ["支付方式"]
        return mapping
    }()
}
