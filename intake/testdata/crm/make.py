#!/usr/bin/env python3
"""Makes the CRM exports the intake tests read (deterministic: seed 16).

Made for Keycard's tests, in the shapes real tools write:
  sales_pipeline.csv          a sales-pipeline sheet (opportunity_id, sales_agent, product,
                              account, deal_stage, engage_date, close_date, close_value)
  accounts_groups.csv         its accounts, revenue in millions of USD, subsidiary_of making
                              a group of three levels
  sales_teams.csv             sales_agent, manager, regional_office
  sf_accounts.csv             a Salesforce Account export (Id, Name, ParentId, ...) with a
                              Chinese group of three levels
  sf_opportunities.csv        a Salesforce Opportunity export (Id, Name, AccountId,
                              StageName, Amount, CloseDate, CurrencyIsoCode, ...)
  opportunities_gb18030.csv   Chinese headers, saved by Excel on a Chinese Windows (GB18030)
  opportunities_hostile.csv   BOM, quotes, a huge field, formula text, broken rows
Run: python3 make.py (in this folder).
"""
import csv, datetime, random

R = random.Random(16)
words1 = ["Acme", "Betasoft", "Cancity", "Codehow", "Condax", "Conecom", "Dalttechnology", "Dambase", "Domzoom", "Doncon",
          "Dontechi", "Faxquote", "Finhigh", "Fixdex", "Funholding", "Gekko", "Genco", "Goodsilron", "Groovestreet", "Hatfan",
          "Hottechi", "Inity", "Isdom", "Iselectrics", "J-Texon", "Kan-code", "Kinnamplus", "Konex", "Konmatfix", "Labdrill",
          "Lexiqvolax", "Mathtouch", "Nam-zim", "Newex", "Ontomedia", "Opentech", "Plexzap", "Plusstrip", "Plussunin", "Rangreen",
          "Rantouch", "Ron-tech", "Rundofase", "Scotfind", "Scottech", "Silis", "Singletechno", "Sonron", "Stanredtax", "Statholdings",
          "Streethex", "Sumace", "Sunnamplex", "Treequote", "Tranzap", "Treetop", "Toughzap", "Umbrella", "Vehement", "Warephase",
          "Xx-holding", "Xx-zobam", "Y-corporation", "Zathunicon", "Zencorporation", "Zoomit", "Zotware", "Zumgoity", "Blackzim", "Bioholding",
          "Bluth", "Cheers", "Globex", "Initech", "Massive", "Sirius", "Soylent", "Stark", "Tyrell", "Wayne"]
sectors = ["technolgy", "medical", "retail", "software", "entertainment", "marketing", "telecommunications", "finance", "services", "employment"]
offices = ["United States", "Philippines", "Kenya", "Japan", "Italy", "Norway", "Korea", "China", "Germany", "Brazil"]

accounts = [w + (" Corporation" if i % 5 == 0 else "") for i, w in enumerate(words1)]
# A group of three levels: Acme Corporation <- Acme Asia <- Acme Shenzhen Plant, and
# Acme Europe beside Acme Asia; the subsidiaries come before their parent in the file.
group_rows = [("Acme Shenzhen Plant", "Acme Asia"), ("Acme Asia", "Acme Corporation"), ("Acme Europe", "Acme Corporation")]
subs = {"Betasoft": "Massive", "Genco": "Massive", "Sonron": "Globex", "Zumgoity": "Globex", "Initech": "Globex"}

def day(start, span):
    return start + datetime.timedelta(days=R.randrange(span))

with open("accounts_groups.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["account", "sector", "year_established", "revenue", "employees", "office_location", "subsidiary_of"])
    for child, parent in group_rows:
        w.writerow([child, "technolgy", R.randrange(1980, 2015), "%.2f" % (R.random() * 900 + 10), R.randrange(100, 20000), "China", parent])
    for a in accounts:
        w.writerow([a, R.choice(sectors), R.randrange(1979, 2017), "%.2f" % (R.random() * 11000 + 4), R.randrange(9, 34000),
                    R.choice(offices), subs.get(a, "")])

managers = [("Dustin Brinkmann", "Central"), ("Melvin Marxen", "Central"), ("Cara Losch", "East"),
            ("Rocco Neubert", "East"), ("Summer Sewald", "West"), ("Celia Rouche", "West")]
first = ["Anna", "Boris", "Cecily", "Daniell", "Elease", "Garret", "Gladys", "Hayden", "James", "Jonathan", "Kami", "Kary",
         "Lajuana", "Markita", "Marty", "Moses", "Niesha", "Reed", "Rosalina", "Rosie", "Versie", "Vicki", "Violet", "Wilburn"]
last = ["Snelling", "Hartford", "Lampkin", "Hariton", "Gustafson", "Berka", "Colclough", "Marthaler", "Ascencio", "Kaylor",
        "Jernigan", "Hilbert", "Schlesinger", "Kreger", "Berthold", "Frahm", "Mundy", "Weismann", "Wurzel", "Schalk", "Zamudio", "Nelson"]
agents = []
while len(agents) < 35:
    n = R.choice(first) + " " + R.choice(last)
    if n not in agents:
        agents.append(n)
with open("sales_teams.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["sales_agent", "manager", "regional_office"])
    for i, a in enumerate(agents):
        m, r = managers[i % len(managers)]
        w.writerow([a, m, r])

products = [("GTX Basic", 550), ("GTX Pro", 4821), ("MG Special", 55), ("MG Advanced", 3393), ("GTX Plus Basic", 1096), ("GTX Plus Pro", 5482), ("GTK 500", 26768)]
every = accounts + [c for c, _ in group_rows]
with open("sales_pipeline.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["opportunity_id", "sales_agent", "product", "account", "deal_stage", "engage_date", "close_date", "close_value"])
    start = datetime.date(2016, 10, 20)
    for i in range(8800):
        oid = "".join(R.choice("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(8))
        p, price = R.choice(products)
        st = R.choices(["Won", "Lost", "Engaging", "Prospecting"], [48, 29, 15, 8])[0]
        acct = R.choice(every)
        if st in ("Engaging", "Prospecting") and R.random() < 0.6:
            acct = ""  # pipeline sheets leave the account of early deals empty
        if i % 250 == 7:
            acct = "Unknown Holdings %d" % i  # an account nobody imported
        eng = day(start, 430) if st != "Prospecting" else None
        close, value = "", ""
        if st in ("Won", "Lost"):
            close = (eng + datetime.timedelta(days=R.randrange(1, 140))).isoformat()
            value = str(int(price * (0.9 + R.random() * 0.2))) if st == "Won" else "0"
        w.writerow([oid, R.choice(agents), p, acct, st, eng.isoformat() if eng else "", close, value])

# Salesforce: accounts with 18-character ids, a Chinese group of three levels.
def sfid(prefix, n):
    return prefix + "5g000%010dAAA" % n
sf_accounts = [("华润集团", "", "Conglomerate"), ("华润医药", "华润集团", "Healthcare"), ("华润三九医药", "华润医药", "Healthcare"),
               ("华润啤酒", "华润集团", "Consumer"), ("Edge Communications", "", "Electronics"), ("Burlington Textiles Corp of America", "", "Apparel"),
               ("Pyramid Construction Inc.", "", "Construction"), ("Dickenson plc", "", "Consulting"), ("Grand Hotels & Resorts Ltd", "", "Hospitality"),
               ("United Oil & Gas Corp.", "", "Energy"), ("United Oil & Gas, UK", "United Oil & Gas Corp.", "Energy"),
               ("United Oil & Gas, Singapore", "United Oil & Gas Corp.", "Energy"), ("Express Logistics and Transport", "", "Transportation"),
               ("University of Arizona", "", "Education"), ("GenePoint", "", "Biotechnology"), ("sForce", "", "Technology")]
ids = {n: sfid("001", i + 1) for i, (n, _, _) in enumerate(sf_accounts)}
with open("sf_accounts.csv", "w", newline="") as f:
    w = csv.writer(f, quoting=csv.QUOTE_ALL)
    w.writerow(["Id", "Name", "ParentId", "Industry", "AnnualRevenue", "CurrencyIsoCode", "OwnerName", "BillingCity"])
    for n, parent, ind in reversed(sf_accounts):  # children first
        cur = "CNY" if any("\u4e00" <= ch <= "\u9fff" for ch in n) else "USD"
        w.writerow([ids[n], n, ids.get(parent, ""), ind, "%d" % (R.randrange(5, 900) * 1000000), cur, R.choice(agents), R.choice(["Shenzhen", "Austin", "London", "Singapore"])])
stages = ["Prospecting", "Qualification", "Needs Analysis", "Value Proposition", "Id. Decision Makers", "Perception Analysis",
          "Proposal/Price Quote", "Negotiation/Review", "Closed Won", "Closed Lost"]
with open("sf_opportunities.csv", "w", newline="") as f:
    w = csv.writer(f, quoting=csv.QUOTE_ALL)
    w.writerow(["Id", "Name", "AccountId", "StageName", "Amount", "CloseDate", "CurrencyIsoCode", "Probability", "Type", "LeadSource", "CreatedDate", "OwnerName"])
    for i in range(2400):
        n, _, _ = R.choice(sf_accounts)
        acct = ids[n]
        if i % 300 == 11:
            acct = sfid("001", 900 + i)  # an account not exported
        st = R.choice(stages)
        created = day(datetime.date(2024, 1, 1), 500)
        close = created + datetime.timedelta(days=R.randrange(10, 200))
        cur = "CNY" if any("\u4e00" <= ch <= "\u9fff" for ch in n) else "USD"
        w.writerow([sfid("006", i + 1), "%s - %d licences" % (n, R.randrange(5, 500)), acct, st, "%.2f" % (R.random() * 250000),
                    "%d/%d/%d" % (close.month, close.day, close.year), cur, R.randrange(0, 101), R.choice(["New Customer", "Existing Customer - Upgrade"]),
                    R.choice(["Web", "Phone Inquiry", "Partner Referral"]), created.isoformat() + "T09:30:00.000Z", R.choice(agents)])

# Chinese headers, GB18030, as Excel on a Chinese Windows saves "CSV".
cn_stages = ["线索", "需求分析", "方案报价", "商务谈判", "赢单", "输单"]
rows = [["商机编号", "客户名称", "商机名称", "产品", "销售阶段", "金额", "币种", "预计成交日期", "负责人"]]
for i in range(300):
    n = R.choice(["华润集团", "华润医药", "华润三九医药", "华润啤酒"])
    d = day(datetime.date(2025, 1, 1), 365)
    rows.append(["CN%05d" % i, n, "%s 年度框架协议 %d" % (n, i), R.choice(["云平台", "数据中台", "GTX Pro"]), R.choice(cn_stages),
                 "%.1f万" % (R.random() * 500), "CNY", "%d年%d月%d日" % (d.year, d.month, d.day), R.choice(["王芳", "李伟", "张敏"])])
with open("opportunities_gb18030.csv", "w", newline="", encoding="gb18030") as f:
    csv.writer(f).writerows(rows)

# Hostile: BOM, quoted newlines and commas, a 200 kB field, formula text, a broken quote.
with open("opportunities_hostile.csv", "w", newline="", encoding="utf-8-sig") as f:
    w = csv.writer(f)
    w.writerow(["Account", "Opportunity Name", "Product", "Stage", "Amount", "Close Date"])
    w.writerow(["Acme Corporation", "=HYPERLINK(\"http://evil\",\"x\")", "+cmd|' /C calc'!A0", "Won", "1,234.50", "2025-03-01"])
    w.writerow(["Acme Corporation", "Line one\nline two, \"quoted\"", "GTX Pro", "Closed Won", "$2,000", "3/15/2025"])
    w.writerow(["Acme Corporation", "x" * 200000, "GTX Pro", "Negotiation/Review", "-5", "2025-13-45"])
    w.writerow(["Acme Corporation", "@SUM(A1:A9)", "-2+3", "Stage Nobody Knows", "NaN", "tomorrow"])
    w.writerow(["", "no account", "GTX Pro", "Won", "1", "2025-01-01"])
    w.writerow(["Nobody Inc", "unknown account", "GTX Pro", "Won", "1", "2025-01-01"])
with open("opportunities_hostile.csv", "a", newline="") as f:
    f.write('Acme Corporation,"broken quote,GTX Pro,Won,1,2025-01-01\n')
