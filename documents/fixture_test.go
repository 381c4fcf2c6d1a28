package documents

import (
	"fmt"
	"math/rand/v2"
	"time"

	"keycard/accounts"
)

var testNow = time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)

var (
	zhNames  = []string{"王建国", "李秀英", "张伟", "刘洋", "陈静", "杨磊", "赵敏", "黄海涛", "周婷", "吴强"}
	enNames  = []string{"Anna Schmidt", "David Miller", "Grace Lee", "Tom O'Brien", "Maria Rossi"}
	zhTitles = []string{"总经理", "采购总监", "技术部经理", "财务总监", "生产厂长", "IT 主管", "质量经理"}
	texts    = []string{
		"确认二期扩产的设备选型，客户希望在 Q1 前完成 POC 测试（预算约 120 万）。",
		"Discussed the renewal terms; they want Net 90 instead of Net 60 and a 5 % volume rebate.",
		"技术部对我们的 MES 接口方案有疑虑，需要提供与 SAP S/4HANA 的集成案例，并安排工程师现场演示。",
		"Plant manager mentioned a competitor (Siemens) offered a free pilot line audit.",
		"客户高层对交付周期不满意：“上次延迟了两周，影响了整条产线。”我们承诺改进。",
	}
)

// richAccount builds an account with n contacts and v visits, mixing
// Chinese and English text, for the tests and benchmarks.
func richAccount(n, v int) *accounts.AccountData {
	r := rand.New(rand.NewPCG(1, 2))
	id := func() accounts.ID { return accounts.IDAt(testNow, r) }
	a := accounts.Account{
		Meta: accounts.Meta{ID: id()}, Name: "华东精密制造有限公司", LegalName: "Huadong Precision Manufacturing Co., Ltd.",
		Industry: "工业自动化 Industrial automation", Region: "华东 East China", Address: "上海市浦东新区张江路 88 号",
		Website: "https://www.hdpm.example.cn", Tags: []string{"汽车零部件", "MES", "Tier-1"},
		Owner: "林晓 Lin Xiao", Team: []string{"陈工 Chen", "Sarah Wu"}, Tier: accounts.TierStrategic, Stage: accounts.StageMature,
		Currency: "CNY", Potential: accounts.Amount(8_500_000, ""), CreditRating: "AA", PaymentTerms: "Net 60",
		OverdueReceivables: accounts.Amount(320_000, ""), RenewalDate: accounts.NewDate(2027, 3, 31), CadenceDays: 30,
		Competitors:       []accounts.Competitor{{Name: "Siemens", Share: 0.3, Position: "incumbent on PLC"}, {Name: "汇川技术", Share: 0.15, Position: "价格进攻"}},
		StrategicGoals:    "三年内实现全工厂数字化，产能提升 30%，进入欧洲新能源汽车供应链。",
		ValueProposition:  "Shorten changeover time by 40 % with our MES and on-site engineering support within 4 hours.",
		WhyTheyBuy:        "稳定的交付和本地化服务；技术团队对我们的工程师信任度高。",
		Strengths:         "本地服务网络、定制开发能力。Strong references in automotive.",
		Weaknesses:        "价格偏高；高层关系薄弱。Limited presence with the new CFO.",
		TransactionHabits: "每年 11 月做下一年度预算，采购走招标流程，付款周期较长。",
	}
	for i, p := range []string{"2021", "2022", "2023", "2024", "2025", "2026"} {
		a.Revenue = append(a.Revenue, accounts.RevenueEntry{Period: p, Amount: accounts.Amount(float64(2_000_000+i*450_000-i*i*60_000), ""), WalletTotal: accounts.Amount(9_000_000+float64(i)*300_000, "")})
	}
	f := accounts.AccountData{Account: a}
	for i := 0; i < n; i++ {
		c := accounts.Contact{Meta: accounts.Meta{ID: id()}, AccountID: a.ID, Influence: 1 + r.IntN(5), Status: accounts.StatusActive}
		if i%4 == 3 {
			c.Name = enNames[i%len(enNames)]
		} else {
			c.Name = zhNames[i%len(zhNames)] + fmt.Sprint(i)
		}
		c.Title = zhTitles[i%len(zhTitles)]
		c.Role = accounts.BuyingRoles()[i%6]
		c.Attitude = accounts.Attitudes()[r.IntN(5)]
		c.Trust = accounts.Trusts()[r.IntN(5)]
		c.Style = accounts.Styles()[r.IntN(4)]
		c.PersonalInterests = []string{"高尔夫、红酒", "Marathon running, photography", "关注孩子留学（英国）", ""}[i%4]
		c.PersonalWins = []string{"希望年内升任副总", "Wants a visible win before the board review", ""}[i%3]
		c.PrivateRemarks = "PRIVATE-" + fmt.Sprint(i) + " 家属在本公司工作"
		if i > 0 {
			c.ReportsTo = f.Contacts[(i-1)/3].ID
		}
		if i%9 == 5 {
			c.Status, c.LeftOn, c.LeftTo = accounts.StatusLeft, accounts.NewDate(2026, 6, 1), "比亚迪"
		}
		f.Contacts = append(f.Contacts, c)
	}
	for i := 1; i+2 < n; i += 4 {
		f.Links = append(f.Links, accounts.InfluenceLink{Meta: accounts.Meta{ID: id()}, AccountID: a.ID, From: f.Contacts[i].ID, To: f.Contacts[i+2].ID, Strength: 1 + i%3})
	}
	for i := 0; i < v; i++ {
		at := testNow.Add(-time.Duration(i*3+2) * 24 * time.Hour)
		vi := accounts.Visit{Meta: accounts.Meta{ID: id()}, AccountID: a.ID, At: at, Kind: accounts.VisitKinds()[i%8],
			Objective: texts[i%len(texts)], Summary: texts[(i+2)%len(texts)], Outcome: accounts.Outcomes()[i%3], OurPeople: []string{"林晓"}}
		if n > 0 {
			vi.ContactIDs = []accounts.ID{f.Contacts[i%n].ID, f.Contacts[(i*7)%n].ID}
		}
		vi.NextSteps = []accounts.NextStep{{ID: id(), Text: "提交 POC 方案和报价 Send the POC proposal", Owner: "林晓", Due: accounts.DateOf(at).AddDays(14), Done: i > 6}}
		f.Visits = append(f.Visits, vi)
	}
	f.Warnings = []accounts.Warning{
		{Meta: accounts.Meta{ID: id()}, Kind: accounts.WarnCompetitor, Observed: accounts.NewDate(2026, 10, 2), Severity: accounts.SeverityHigh, Status: accounts.WarningOpen, Evidence: "Siemens 提供免费产线审计。", Mitigation: "安排技术交流会，展示 ROI 案例。"},
		{Meta: accounts.Meta{ID: id()}, Kind: accounts.WarnLatePayment, Observed: accounts.NewDate(2026, 8, 15), Severity: accounts.SeverityMedium, Status: accounts.WarningMonitoring, Evidence: "Invoice 2026-07 paid 45 days late."},
		{Meta: accounts.Meta{ID: id()}, Kind: accounts.WarnBudgetCut, Observed: accounts.NewDate(2025, 12, 1), Severity: accounts.SeverityLow, Status: accounts.WarningResolved, ResolvedOn: accounts.NewDate(2026, 2, 1)},
	}
	o1 := id()
	f.Plan = &accounts.Plan{AccountID: a.ID,
		Objectives: []accounts.Objective{{ID: o1, Text: "钱包份额从 25% 提升到 40%", Target: "SoW 40 %", Due: accounts.NewDate(2027, 12, 31), Status: accounts.ProgressInProgress},
			{ID: id(), Text: "Win the phase-2 MES rollout at the Suzhou plant", Target: "CNY 3.2M", Due: accounts.NewDate(2027, 6, 30), Status: accounts.ProgressPlanned}},
		Strategies: []accounts.Strategy{{ID: id(), Text: "建立与新任财务总监的直接联系，用 TCO 数据说话。"}, {ID: id(), Text: "Position our engineers as the trusted advisors of the plant managers."}},
		Actions: []accounts.Action{{ID: id(), Text: "组织苏州工厂参观交流", Owner: "林晓", Due: accounts.NewDate(2026, 12, 15), Status: accounts.ProgressPlanned, ObjectiveID: o1},
			{ID: id(), Text: "Prepare the TCO comparison against Siemens", Owner: "Sarah Wu", Due: accounts.NewDate(2026, 11, 30), Status: accounts.ProgressBlocked}},
		Opportunities: []accounts.Opportunity{{ID: id(), Product: "MES 二期", Value: accounts.Amount(3_200_000, ""), Stage: accounts.StageProposal, ExpectedClose: accounts.NewDate(2027, 5, 1)},
			{ID: id(), Product: "Predictive maintenance", Value: accounts.Amount(900_000, ""), Stage: accounts.StageWhiteSpace, Notes: "No competitor present yet"}},
	}
	return &f
}

func testHandover(f *accounts.AccountData) accounts.Handover {
	h := accounts.Handover{From: "林晓 Lin Xiao", Reason: "调任华南区 Transfer to South China", Date: accounts.NewDate(2026, 12, 1), Status: accounts.HandoverDraft}
	ha := accounts.HandoverAccount{AccountID: f.Account.ID, To: "周明 Zhou Ming", Notes: "关键是财务总监：他对价格敏感，但重视数据。Keep the monthly call with the plant manager."}
	for i := 0; i < len(f.Contacts) && i < 5; i++ {
		ha.Introductions = append(ha.Introductions, accounts.Introduction{ContactID: f.Contacts[i].ID, Done: i%2 == 0, DoneOn: accounts.NewDate(2026, 11, 20)})
	}
	h.Accounts = []accounts.HandoverAccount{ha}
	return h
}
