package demo

import "keycard/accounts"

// profile is one hand-written account of the demo portfolio; everything else
// about it (contacts, visits, revenue…) is drawn from the seed.
type profile struct {
	name, legal, industry, region, address string
	domain, phone                          string // web domain and phone prefix
	zh                                     bool   // the account's working language is Chinese
	currency                               string
	tier                                   accounts.Tier
	stage                                  accounts.Stage
	trend                                  int // +1 rising revenue, 0 flat, -1 falling
	owner                                  int // index into owners
	struggling                             bool
	buyerLeft                              bool
	tags                                   []string
}

type owner struct {
	name string
	team []string
}

var owners = []owner{
	{"Li Wei", []string{"Zhang Min", "Zhao Lei"}},
	{"王芳", []string{"刘洋", "陈静"}},
	{"Sarah Chen", []string{"Priya Nair", "Daniel Ong"}},
	{"Tom Becker", []string{"Anna Schmidt", "Jonas Weber"}},
}

var (
	tS, tK, tG, tM = accounts.TierStrategic, accounts.TierKey, accounts.TierGrowth, accounts.TierMaintain
	sP, sG, sM     = accounts.StageProspect, accounts.StageGrowth, accounts.StageMature
	sD, sX         = accounts.StageDecline, accounts.StageExit
)

var portfolio = []profile{
	{"华东精密制造", "华东精密制造有限公司", "机械制造", "上海", "上海市嘉定区安亭镇墨玉南路 888 号", "hdjm.com.cn", "+86 21", true, "CNY", tS, sM, 0, 0, false, false, []string{"制造业", "长期合作"}},
	{"Nordlicht Logistics", "Nordlicht Logistics GmbH", "Logistics", "Hamburg", "Am Sandtorkai 41, 20457 Hamburg", "nordlicht-logistics.de", "+49 40", false, "EUR", tK, sM, -1, 3, false, true, []string{"logistics", "EU"}},
	{"深圳云帆科技", "深圳云帆科技有限公司", "软件与云服务", "深圳", "深圳市南山区科技园科苑路 15 号", "yunfan-tech.cn", "+86 755", true, "CNY", tK, sD, -1, 1, true, false, []string{"软件", "重点关注"}},
	{"Pacific Harbor Foods", "Pacific Harbor Foods Pte. Ltd.", "Food & beverage", "Singapore", "21 Tuas South Avenue 3, Singapore 637433", "pacificharborfoods.sg", "+65", false, "SGD", tG, sG, 1, 2, false, false, []string{"F&B", "ASEAN"}},
	{"北京智联医疗", "北京智联医疗器械有限公司", "医疗器械", "北京", "北京市大兴区亦庄经济开发区科创十三街 29 号", "zhilian-med.com", "+86 10", true, "CNY", tS, sG, 1, 0, false, false, []string{"医疗", "高增长"}},
	{"绿源新能源", "杭州绿源新能源股份有限公司", "新能源", "杭州", "杭州市余杭区文一西路 1818 号", "lvyuan-energy.com", "+86 571", true, "CNY", tK, sG, 1, 1, false, false, []string{"新能源"}},
	{"Alpine Precision", "Alpine Precision AG", "Precision engineering", "Zürich", "Hardturmstrasse 161, 8005 Zürich", "alpine-precision.ch", "+41 44", false, "EUR", tK, sM, 0, 3, false, false, []string{"engineering", "EU"}},
	{"南方日化集团", "广州南方日化集团有限公司", "日化", "广州", "广州市黄埔区科学大道 99 号", "nanfang-daily.com", "+86 20", true, "CNY", tS, sM, 0, 1, false, false, []string{"快消"}},
	{"Kestrel Aerospace", "Kestrel Aerospace Ltd", "Aerospace", "Manchester", "Airport City, Manchester M90 3RA", "kestrel-aero.co.uk", "+44 161", false, "GBP", tS, sM, 1, 2, false, false, []string{"aerospace", "UK"}},
	{"天府物流", "成都天府物流有限公司", "物流", "成都", "成都市双流区物联大道 66 号", "tianfu-wl.com", "+86 28", true, "CNY", tG, sP, 1, 0, false, false, []string{"物流", "新客户"}},
	{"Meridian Retail Group", "Meridian Retail Group Limited", "Retail", "Hong Kong", "18 Harbour Road, Wan Chai, Hong Kong", "meridianretail.hk", "+852", false, "HKD", tK, sX, -1, 2, false, false, []string{"retail"}},
	{"恒通电子", "苏州恒通电子有限公司", "电子制造", "苏州", "苏州工业园区星湖街 328 号", "hengtong-ele.com", "+86 512", true, "CNY", tK, sM, 0, 0, false, false, []string{"电子"}},
	{"Sakura Components", "Sakura Components K.K.", "Electronic components", "Osaka", "2-3-1 Umeda, Kita-ku, Osaka", "sakura-components.jp", "+81 6", false, "JPY", tG, sG, 1, 2, false, false, []string{"components", "Japan"}},
	{"长江汽车零部件", "武汉长江汽车零部件有限公司", "汽车零部件", "武汉", "武汉市经济技术开发区车城大道 168 号", "cjqp.com.cn", "+86 27", true, "CNY", tS, sM, -1, 1, false, false, []string{"汽车", "价格敏感"}},
	{"Rheinwerk Chemie", "Rheinwerk Chemie GmbH", "Chemicals", "Düsseldorf", "Königsallee 60, 40212 Düsseldorf", "rheinwerk-chemie.de", "+49 211", false, "EUR", tK, sM, 0, 3, false, false, []string{"chemicals", "EU"}},
	{"海湾食品", "青岛海湾食品有限公司", "食品", "青岛", "青岛市黄岛区前湾港路 577 号", "haiwan-food.com", "+86 532", true, "CNY", tG, sG, 1, 1, false, false, []string{"食品"}},
	{"Blue Ridge Pharmaceuticals", "Blue Ridge Pharmaceuticals Inc.", "Pharmaceuticals", "Boston", "200 Seaport Blvd, Boston, MA 02210", "blueridgepharma.com", "+1 617", false, "USD", tS, sG, 1, 2, false, false, []string{"pharma", "US"}},
	{"金陵建设集团", "南京金陵建设集团有限公司", "建筑工程", "南京", "南京市建邺区江东中路 311 号", "jinling-build.com", "+86 25", true, "CNY", tM, sX, -1, 0, false, false, []string{"建筑"}},
	{"Vastra Textiles", "Vastra Textiles Pvt Ltd", "Textiles", "Mumbai", "Lower Parel, Mumbai 400013", "vastratextiles.in", "+91 22", false, "USD", tM, sM, 0, 3, false, false, []string{"textiles"}},
	{"鹭岛航运", "厦门鹭岛航运有限公司", "航运", "厦门", "厦门市湖里区东渡路 127 号", "ludao-shipping.com", "+86 592", true, "CNY", tK, sG, 1, 1, false, false, []string{"航运"}},
	{"Hanseatic Machine Tools", "Hanseatic Machine Tools GmbH", "Machine tools", "Hamburg", "Billstraße 80, 20539 Hamburg", "hanseatic-mt.de", "+49 40", false, "EUR", tG, sP, 1, 3, false, false, []string{"machinery", "EU", "new"}},
	{"秦川材料科技", "西安秦川材料科技有限公司", "新材料", "西安", "西安市高新区锦业路 69 号", "qinchuan-mat.com", "+86 29", true, "CNY", tG, sG, 1, 0, false, false, []string{"新材料"}},
	{"Lumen Energy", "Lumen Energy Pte Ltd", "Renewable energy", "Singapore", "1 Marina Boulevard, Singapore 018989", "lumen-energy.sg", "+65", false, "SGD", tK, sG, 1, 2, false, false, []string{"energy", "ASEAN"}},
	{"渤海化工", "天津渤海化工有限公司", "化工", "天津", "天津市滨海新区临港经济区渤海十路 8 号", "bohai-chem.com", "+86 22", true, "CNY", tK, sD, -1, 0, false, false, []string{"化工", "回款风险"}},
	{"Orchard Lane Hotels", "Orchard Lane Hotels Pte Ltd", "Hospitality", "Singapore", "333 Orchard Road, Singapore 238867", "orchardlanehotels.sg", "+65", false, "SGD", tM, sM, 0, 2, false, false, []string{"hospitality"}},
	{"浦江金融信息", "上海浦江金融信息服务有限公司", "金融服务", "上海", "上海市浦东新区陆家嘴环路 1000 号", "pujiang-fin.com", "+86 21", true, "CNY", tS, sM, 0, 1, false, false, []string{"金融", "合规严格"}},
	{"Fjordline Seafood", "Fjordline Seafood AS", "Seafood", "Bergen", "Bryggen 15, 5003 Bergen", "fjordline-seafood.no", "+47 55", false, "EUR", tG, sM, 0, 3, false, false, []string{"seafood"}},
	{"山城摩托", "重庆山城摩托车制造有限公司", "摩托车制造", "重庆", "重庆市九龙坡区西彭工业园 12 号", "shancheng-moto.com", "+86 23", true, "CNY", tM, sD, -1, 0, false, false, []string{"制造业"}},
	{"Eastgate Semiconductor", "Eastgate Semiconductor Corp.", "Semiconductors", "深圳", "深圳市宝安区福海街道 3 号", "eastgate-semi.com", "+86 755", false, "USD", tS, sG, 1, 2, false, false, []string{"semiconductors", "cross-border"}},
	{"港城包装材料", "宁波港城包装材料有限公司", "包装", "宁波", "宁波市北仑区新碶街道明州路 55 号", "gangcheng-pack.com", "+86 574", true, "CNY", tG, sG, 0, 1, false, false, []string{"包装"}},
}

// lost is why and when one of the demo's exit-stage accounts left, by its
// index in portfolio: one key account lost to a competitor (the churn
// view offers its win-back) and one small account that changed its own
// business. Nothing here draws from the seed, so the rest of the demo
// stays as it was.
type lost struct {
	reason         accounts.ExitReason
	daysAgo        int
	noteZh, noteEn string
}

var lostAccounts = map[int]lost{
	10: {accounts.ExitCompetitor, 40, "竞争对手以更低价格和本地仓储拿下了全部门店", "A competitor won all stores with a lower price and a local warehouse"},
	17: {accounts.ExitCustomerChange, 75, "集团转向自建采购平台，不再外购", "The group now buys through its own procurement platform"},
}

// seat is a position in the buying centre's reporting tree; parent is the
// index of the seat it reports to (always an earlier seat, so the tree has
// no cycles).
type seat struct {
	zh, en, deptZh, deptEn string
	parent                 int
	role                   accounts.BuyingRole
	influence              int
}

var seats = []seat{
	{"总经理", "Chief Executive Officer", "总经办", "Management", -1, accounts.RoleEconomic, 5},
	{"财务总监", "Chief Financial Officer", "财务部", "Finance", 0, accounts.RoleEconomic, 5},
	{"运营副总裁", "VP Operations", "运营部", "Operations", 0, accounts.RoleInfluencer, 4},
	{"技术总监", "Chief Technology Officer", "技术部", "Technology", 0, accounts.RoleTechnical, 4},
	{"采购总监", "Head of Procurement", "采购部", "Procurement", 1, accounts.RoleGatekeeper, 4},
	{"总经理助理", "Executive Assistant", "总经办", "Management", 0, accounts.RoleGatekeeper, 2},
	{"IT 经理", "IT Manager", "技术部", "Technology", 3, accounts.RoleTechnical, 3},
	{"生产总监", "Director of Manufacturing", "生产部", "Manufacturing", 2, accounts.RoleUser, 3},
	{"采购经理", "Procurement Manager", "采购部", "Procurement", 4, accounts.RoleUser, 2},
	{"质量经理", "Quality Manager", "质量部", "Quality", 7, accounts.RoleUser, 2},
	{"工厂经理", "Plant Manager", "生产部", "Manufacturing", 7, accounts.RoleUser, 3},
	{"物流经理", "Logistics Manager", "运营部", "Operations", 2, accounts.RoleUser, 2},
	{"财务经理", "Finance Manager", "财务部", "Finance", 1, accounts.RoleInfluencer, 2},
	{"项目经理", "Project Manager", "技术部", "Technology", 3, accounts.RoleCoach, 2},
	{"系统工程师", "Systems Engineer", "技术部", "Technology", 6, accounts.RoleUser, 1},
}

type name struct{ text, latin string }

var (
	zhSurnames = []name{{"王", "wang"}, {"李", "li"}, {"张", "zhang"}, {"刘", "liu"}, {"陈", "chen"}, {"杨", "yang"}, {"黄", "huang"}, {"赵", "zhao"}, {"周", "zhou"}, {"吴", "wu"}, {"徐", "xu"}, {"孙", "sun"}, {"马", "ma"}, {"朱", "zhu"}, {"胡", "hu"}, {"郭", "guo"}, {"何", "he"}, {"林", "lin"}, {"高", "gao"}, {"罗", "luo"}}
	zhGiven    = []name{{"伟", "wei"}, {"芳", "fang"}, {"娜", "na"}, {"敏", "min"}, {"静", "jing"}, {"磊", "lei"}, {"强", "qiang"}, {"军", "jun"}, {"洋", "yang"}, {"勇", "yong"}, {"艳", "yan"}, {"杰", "jie"}, {"涛", "tao"}, {"明", "ming"}, {"超", "chao"}, {"建华", "jianhua"}, {"志强", "zhiqiang"}, {"海燕", "haiyan"}, {"晓东", "xiaodong"}, {"丽华", "lihua"}, {"春梅", "chunmei"}, {"国庆", "guoqing"}, {"雪", "xue"}, {"宇航", "yuhang"}}
	enFirst    = []name{{"Anna", "anna"}, {"Michael", "michael"}, {"Laura", "laura"}, {"David", "david"}, {"Sophie", "sophie"}, {"James", "james"}, {"Emma", "emma"}, {"Lukas", "lukas"}, {"Hannah", "hannah"}, {"Oliver", "oliver"}, {"Mia", "mia"}, {"Daniel", "daniel"}, {"Grace", "grace"}, {"Henrik", "henrik"}, {"Olivia", "olivia"}, {"Ravi", "ravi"}, {"Mei", "mei"}, {"Kenji", "kenji"}, {"Yuki", "yuki"}, {"Marco", "marco"}, {"Elena", "elena"}, {"Samuel", "samuel"}}
	enLast     = []name{{"Schneider", "schneider"}, {"Fischer", "fischer"}, {"Wagner", "wagner"}, {"Tan", "tan"}, {"Lim", "lim"}, {"Smith", "smith"}, {"Johnson", "johnson"}, {"Müller", "mueller"}, {"Hoffmann", "hoffmann"}, {"Brown", "brown"}, {"Taylor", "taylor"}, {"Wong", "wong"}, {"Nakamura", "nakamura"}, {"Sato", "sato"}, {"Patel", "patel"}, {"Rossi", "rossi"}, {"Andersen", "andersen"}, {"Larsen", "larsen"}, {"Koch", "koch"}, {"Nguyen", "nguyen"}, {"O'Brien", "obrien"}, {"Kaur", "kaur"}}
)

// bilingual is a phrase bank in the two languages of the portfolio.
type bilingual struct{ zh, en []string }

func (b bilingual) pick(g *gen) string {
	if g.p.zh {
		return b.zh[g.r.IntN(len(b.zh))]
	}
	return b.en[g.r.IntN(len(b.en))]
}

var (
	interests = bilingual{
		[]string{"喜欢打高尔夫，周末常去佘山球场", "爱喝龙井茶，对茶道有研究", "马拉松爱好者，每年跑两场全马", "孩子今年高考，关注教育话题", "喜欢摄影，常拍城市风光", "钓鱼爱好者", "关注足球，支持本地球队", "喜欢书法，办公室挂自己的作品"},
		[]string{"Keen golfer, plays most Saturdays", "Sails on weekends", "Runs half-marathons", "Collects vinyl records", "Follows Formula 1 closely", "Two children at university; talks about them often", "Enjoys wine tasting, especially Riesling", "Cycles to work every day"},
	}
	wins = bilingual{
		[]string{"希望今年把供应链成本降 5%，争取晋升副总", "想在集团内树立数字化标杆项目", "需要一个稳定、少出问题的供应商，减少加班", "希望项目按期上线，在年会上汇报成果", "关注合规，不愿承担任何审计风险"},
		[]string{"Wants a visible cost-saving win before the board review", "Aims to lead the group's digital programme", "Needs fewer supplier escalations landing on her desk", "Wants the rollout on time to secure a promotion", "Cares about audit-proof processes above all"},
	}
	privateRemarks = bilingual{
		[]string{"性格直接，不喜欢寒暄", "对上一任供应商有过不愉快经历", "家人身体不好，近期压力较大"},
		[]string{"Very direct; dislikes small talk", "Had a bad experience with our predecessor", "Going through a difficult time at home"},
	}
	objectives = bilingual{
		[]string{"季度业务回顾", "介绍新一代产品方案", "了解明年预算规划", "处理上月交付问题", "推进续约谈判", "拜访新任采购负责人", "技术交流与现场诊断", "确认试点项目范围"},
		[]string{"Quarterly business review", "Present the new product line", "Learn next year's budget plans", "Resolve last month's delivery issue", "Advance the renewal negotiation", "Meet the new procurement lead", "Technical workshop and site assessment", "Agree the pilot scope"},
	}
	situations = bilingual{
		[]string{"客户目前有三家供应商，我们约占四成份额", "生产线正在扩建，二期明年投产", "集团推行集中采购，总部话语权变大", "现有系统已使用五年，维护成本上升"},
		[]string{"They run three suppliers; we hold about 40 % of the spend", "A second production line opens next year", "The group is centralising procurement at head office", "Their current system is five years old and costly to maintain"},
	}
	problems = bilingual{
		[]string{"交付周期不稳定，影响排产", "备件库存积压，占用资金", "多个系统数据不一致，月底对账困难", "售后响应慢，现场工程师不足"},
		[]string{"Lead times vary and upset production planning", "Spare-part stock ties up cash", "Data does not match across systems at month end", "After-sales response is slow"},
	}
	implications = bilingual{
		[]string{"每次停线损失约 20 万元，年内已发生三次", "库存占用影响了今年的现金流指标", "财务团队每月多花一周对账", "客户投诉率上升，影响续约"},
		[]string{"Each line stop costs roughly 20k; three so far this year", "Stock ties up cash against this year's targets", "Finance loses a week every month reconciling", "Their own customer complaints are rising"},
	}
	needPayoffs = bilingual{
		[]string{"若交付稳定，可将安全库存降低 30%", "统一平台后对账时间可缩短到两天", "驻场服务可把响应时间缩短到 4 小时", "集中采购后单价可下降 8%"},
		[]string{"Stable delivery would cut safety stock by 30 %", "One platform would cut reconciliation to two days", "On-site service would bring response under 4 hours", "Consolidated buying would lower unit prices by 8 %"},
	}
	summaries = map[accounts.Outcome]bilingual{
		accounts.OutcomePositive: {
			[]string{"会谈顺利，客户认可我们的方案，同意推进下一步", "对方对试点结果满意，愿意扩大范围", "财务总监支持预算申请，气氛良好", "拿到了明年的需求清单"},
			[]string{"Good meeting; they accepted the proposal and want to move ahead", "Happy with the pilot and keen to widen it", "The CFO backs the budget request", "We got next year's requirements list"},
		},
		accounts.OutcomeNeutral: {
			[]string{"交流了现状，客户暂无明确决定", "对方需要内部讨论后再答复", "主要是信息收集，尚无承诺", "例行沟通，进展一般"},
			[]string{"Exchanged updates; no decision yet", "They need to discuss internally first", "Mostly fact-finding, no commitment", "Routine check-in"},
		},
		accounts.OutcomeNegative: {
			[]string{"客户对交付问题非常不满，要求降价补偿", "采购表示将引入第二家供应商", "决策层拒绝会面，只派了采购专员", "对方透露竞争对手报价低 15%"},
			[]string{"They are unhappy with deliveries and demand a price cut", "Procurement will bring in a second supplier", "Leadership declined to meet; only a buyer attended", "A competitor quoted 15 % below us"},
		},
	}
	steps = bilingual{
		[]string{"发送报价单", "安排技术团队现场评估", "提交试点方案", "邀请参观样板工厂", "整理交付问题的改进报告", "确认续约条款", "约财务总监单独沟通", "寄送产品资料"},
		[]string{"Send the quotation", "Arrange a technical site assessment", "Submit the pilot proposal", "Invite them to the reference site", "Write up the delivery improvement plan", "Confirm the renewal terms", "Book time alone with the CFO", "Send the product brochure"},
	}
	gifts = bilingual{
		[]string{"中秋月饼礼盒", "龙井茶礼盒", "公司定制保温杯", "年会纪念品"},
		[]string{"Holiday hamper", "Branded notebook set", "Bottle of wine", "Conference tickets"},
	}
	competitors = bilingual{
		[]string{"汇川科技", "中控集团", "博世中国", "本地小厂（价格战）", "西门子"},
		[]string{"Siemens", "ABB", "Rockwell", "A local low-cost supplier", "Schneider Electric"},
	}
	linkNotes = bilingual{
		[]string{"老同事，私下关系很好", "重要事项会先问他的意见", "同乡，经常一起吃饭"},
		[]string{"Former colleagues; close outside work", "Asks for this person's view on big decisions", "Play golf together"},
	}
	leftTo = bilingual{
		[]string{"竞争对手公司", "集团另一家子公司", "创业", "退休"},
		[]string{"A competitor", "Another group company", "Started a business", "Retired"},
	}
)

// accountText holds the profile-card prose of one language.
type accountText struct {
	goals, value, why, strengths, weaknesses, habits, terms string
}

var accountTexts = map[bool]accountText{
	true: {
		goals:      "三年内产能翻番，降低单位成本，推进数字化工厂",
		value:      "稳定交付与本地化服务，帮助客户降低停线风险",
		why:        "质量稳定、响应及时，与技术团队关系好",
		strengths:  "产品可靠、本地服务网络完善、了解客户工艺",
		weaknesses: "价格高于本地厂商，决策层接触不足",
		habits:     "每年 11 月定预算，招标由采购部主导，偏好年度框架协议",
		terms:      "月结 60 天",
	},
	false: {
		goals:      "Grow capacity, cut unit costs and digitise operations over three years",
		value:      "Reliable delivery and local service that reduce their downtime",
		why:        "Consistent quality and fast response; strong ties with engineering",
		strengths:  "Proven product, local service team, knowledge of their processes",
		weaknesses: "Priced above local suppliers; thin access to the executive level",
		habits:     "Budgets set in November; procurement runs tenders; prefers annual framework agreements",
		terms:      "Net 60",
	},
}
