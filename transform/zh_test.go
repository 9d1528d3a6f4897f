package transform

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// zfig is the expected reading of a Chinese figure: the fields every case
// compares, and in more the range, direction and change, as "high=20
// dir=up change" ("" for none of them).
type zfig struct {
	fig
	more string
}

// zhCase is one Chinese sentence and every figure in it. All are read with
// the publication date 2021-12-20.
type zhCase struct {
	name string
	in   string
	want []zfig
}

// chineseCases are written in the style of 国家统计局 bulletins and 国资委
// and 国家卫健委 releases. A case with no wanted figures must yield none.
var chineseCases = []zhCase{
	{name: "count/家 医疗机构", in: "截至2021年11月底，中央企业所办1154家医疗机构深化改革完成率达99.6%。",
		want: []zfig{
			{fig{text: "1154", value: 1154, kind: KindCount, subject: "医疗机构", period: "2021-11-30/2021-11-30 month asof"}, ""},
			{fig{text: "99.6%", value: 99.6, kind: KindPercent, unit: "percent", subject: "中央企业所办1154家医疗机构深化改革完成率", period: "2021-11-30/2021-11-30 month asof"}, ""},
		}},
	{name: "count/full-width digits", in: "全国共有１１５４家医疗机构参与改革。",
		want: []zfig{{fig{text: "１１５４", value: 1154, kind: KindCount, subject: "医疗机构", period: "fallback 2021-12-20"}, ""}}},
	{name: "count/chinese numerals", in: "改革涉及一千一百五十四家医疗机构。",
		want: []zfig{{fig{text: "一千一百五十四", value: 1154, kind: KindCount, subject: "医疗机构", period: "fallback 2021-12-20"}, ""}}},
	{name: "count/名 员工", in: "该集团现有员工3.86万名。",
		want: []zfig{{fig{text: "3.86万", value: 38600, kind: KindCount, subject: "员工", period: "fallback 2021-12-20"}, ""}}},
	{name: "count/张 床位", in: "医院新增床位2.7万张。",
		want: []zfig{{fig{text: "2.7万", value: 27000, kind: KindCount, subject: "医院新增床位", period: "fallback 2021-12-20"}, ""}}},
	{name: "count/noun first", in: "华润集团拥有医疗机构182家、床位2.7万张，年诊疗量1333万人次。",
		want: []zfig{
			{fig{text: "182", value: 182, kind: KindCount, subject: "医疗机构", period: "fallback 2021-12-20"}, ""},
			{fig{text: "2.7万", value: 27000, kind: KindCount, subject: "床位", period: "fallback 2021-12-20"}, ""},
			{fig{text: "1333万", value: 1.333e+07, kind: KindCount, unit: "person-times", subject: "年诊疗量", period: "fallback 2021-12-20"}, ""},
		}},
	{name: "count/人次 after", in: "全市医疗机构完成诊疗1.2亿人次。",
		want: []zfig{{fig{text: "1.2亿", value: 1.2e+08, kind: KindCount, unit: "person-times", subject: "诊疗", period: "fallback 2021-12-20"}, ""}}},
	{name: "count/个 项目", in: "今年共签约重点项目126个，总投资达到2680亿元。",
		want: []zfig{
			{fig{text: "126", value: 126, kind: KindCount, subject: "重点项目", period: "2021-01-01/2021-12-31 year"}, ""},
			{fig{text: "2680亿元", value: 2.68e+11, kind: KindAmount, unit: "CNY", subject: "总投资", period: "2021-01-01/2021-12-31 year"}, ""},
		}},
	{name: "count/余 before scale", in: "全国参保人数达到500余万人。",
		want: []zfig{{fig{text: "500余万", value: 5e+06, kind: KindCount, subject: "全国参保人数", qual: "more than", period: "fallback 2021-12-20"}, ""}}},
	{name: "count/多 before measure", in: "目前已有1000多家企业入驻园区。",
		want: []zfig{{fig{text: "1000", value: 1000, kind: KindCount, subject: "企业", qual: "more than", period: "fallback 2021-12-20"}, ""}}},
	{name: "count/两 千", in: "新建5G基站两千多个。",
		want: []zfig{{fig{text: "两千", value: 2000, kind: KindCount, subject: "5G基站", qual: "more than", period: "fallback 2021-12-20"}, ""}}},
	{name: "count/万 mixed", in: "全省新增城镇就业人员12.8万人。",
		want: []zfig{{fig{text: "12.8万", value: 128000, kind: KindCount, subject: "全省新增城镇就业人员", period: "fallback 2021-12-20"}, ""}}},
	{name: "count/亿 traditional", in: "全國常住人口達14.1億人。",
		want: []zfig{{fig{text: "14.1億", value: 1.41e+09, kind: KindCount, subject: "全國常住人口", period: "fallback 2021-12-20"}, ""}}},
	{name: "count/超过", in: "超过3000家企业参加了此次展会。",
		want: []zfig{{fig{text: "3000", value: 3000, kind: KindCount, subject: "企业", qual: "more than", period: "fallback 2021-12-20"}, ""}}},
	{name: "count/近", in: "近2万名志愿者参与服务。",
		want: []zfig{{fig{text: "2万", value: 20000, kind: KindCount, subject: "志愿者", qual: "nearly", period: "fallback 2021-12-20"}, ""}}},
	{name: "count/约", in: "约1.2万名医务人员驰援湖北。",
		want: []zfig{{fig{text: "1.2万", value: 12000, kind: KindCount, subject: "医务人员", qual: "about", period: "fallback 2021-12-20"}, ""}}},
	{name: "count/逾", in: "逾百家企业签约。"},
	{name: "count/至少", in: "至少10个省份出台了类似政策。",
		want: []zfig{{fig{text: "10", value: 10, kind: KindCount, subject: "省份", qual: "at least", period: "fallback 2021-12-20"}, ""}}},
	{name: "count/以上", in: "全省规模以上工业企业达到4.8万家以上。",
		want: []zfig{{fig{text: "4.8万", value: 48000, kind: KindCount, subject: "全省规模以上工业企业", qual: "at least", period: "fallback 2021-12-20"}, ""}}},
	{name: "count/左右", in: "每天接待游客3万人次左右。",
		want: []zfig{{fig{text: "3万", value: 30000, kind: KindCount, unit: "person-times", subject: "游客", qual: "about", period: "fallback 2021-12-20"}, ""}}},
	{name: "count/list", in: "集团运营药店1500家、医院120家和研究院所8家。",
		want: []zfig{
			{fig{text: "1500", value: 1500, kind: KindCount, subject: "药店", period: "fallback 2021-12-20"}, ""},
			{fig{text: "120", value: 120, kind: KindCount, subject: "医院", period: "fallback 2021-12-20"}, ""},
			{fig{text: "8", value: 8, kind: KindCount, subject: "研究院所", period: "fallback 2021-12-20"}, ""},
		}},
	{name: "count/所 学校", in: "新建改扩建中小学校142所。",
		want: []zfig{{fig{text: "142", value: 142, kind: KindCount, subject: "中小学校", period: "fallback 2021-12-20"}, ""}}},
	{name: "count/个 村卫生室", in: "帮扶建设村卫生室318个。",
		want: []zfig{{fig{text: "318", value: 318, kind: KindCount, subject: "村卫生室", period: "fallback 2021-12-20"}, ""}}},
	{name: "count/台 设备", in: "购置医疗设备2300台。",
		want: []zfig{{fig{text: "2300", value: 2300, kind: KindCount, subject: "医疗设备", period: "fallback 2021-12-20"}, ""}}},
	{name: "count/辆 新能源汽车", in: "全年销售新能源汽车352.1万辆。",
		want: []zfig{{fig{text: "352.1万", value: 3.521e+06, kind: KindCount, subject: "新能源汽车", period: "fallback 2021-12-20"}, ""}}},
	{name: "count/吨", in: "全年粮食产量达到6.83亿吨。",
		want: []zfig{{fig{text: "6.83亿", value: 6.83e+08, kind: KindCount, unit: "t", subject: "粮食产量", period: "fallback 2021-12-20"}, ""}}},
	{name: "count/公里", in: "新建高速公路里程达到8000公里。",
		want: []zfig{{fig{text: "8000", value: 8000, kind: KindCount, unit: "km", subject: "高速公路里程", period: "fallback 2021-12-20"}, ""}}},
	{name: "count/平方米", in: "项目总建筑面积8.6万平方米。",
		want: []zfig{{fig{text: "8.6万", value: 86000, kind: KindCount, unit: "m2", subject: "项目总建筑面积", period: "fallback 2021-12-20"}, ""}}},
	{name: "count/亩", in: "建设高标准农田1亿亩。",
		want: []zfig{{fig{text: "1亿", value: 1e+08, kind: KindCount, unit: "mu", subject: "高标准农田", period: "fallback 2021-12-20"}, ""}}},
	{name: "count/户", in: "帮助186万户贫困户脱贫。",
		want: []zfig{{fig{text: "186万", value: 1.86e+06, kind: KindCount, subject: "贫困户", period: "fallback 2021-12-20"}, ""}}},
	{name: "count/例", in: "全国累计报告确诊病例100644例。",
		want: []zfig{{fig{text: "100644", value: 100644, kind: KindCount, subject: "确诊病例", period: "fallback 2021-12-20"}, ""}}},
	{name: "count/种 药品", in: "第七批国家集采共纳入61种药品。",
		want: []zfig{{fig{text: "61", value: 61, kind: KindCount, subject: "药品", period: "fallback 2021-12-20"}, ""}}},
	{name: "count/项 标准", in: "全年发布国家标准2000余项。",
		want: []zfig{{fig{text: "2000", value: 2000, kind: KindCount, subject: "国家标准", qual: "more than", period: "fallback 2021-12-20"}, ""}}},
	{name: "count/部门 definite", in: "国务院国资委等六部门联合印发通知。"},
	{name: "count/上述", in: "上述三家企业实力明显增强。"},
	{name: "count/slogan", in: "抓好“三个加快”，提升核心竞争力。"},
	{name: "count/一批", in: "培育了一批大型医疗健康产业集团。"},
	{name: "count/一家", in: "这是一家大型国有企业。"},
	{name: "count/倍", in: "出口额增长了1.5倍。",
		want: []zfig{{fig{text: "1.5倍", value: 1.5, kind: KindRatio, unit: "times", subject: "出口额", period: "fallback 2021-12-20"}, "dir=up change"}}},
	{name: "percent/达", in: "全国新冠疫苗接种率达87.6%。",
		want: []zfig{{fig{text: "87.6%", value: 87.6, kind: KindPercent, unit: "percent", subject: "全国新冠疫苗接种率", period: "fallback 2021-12-20"}, ""}}},
	{name: "percent/full-width", in: "城镇化率为６４．７％。",
		want: []zfig{{fig{text: "６４．７％", value: 64.7, kind: KindPercent, unit: "percent", subject: "城镇化率", period: "fallback 2021-12-20"}, ""}}},
	{name: "percent/百分之", in: "全省森林覆盖率达到百分之六十七点五。",
		want: []zfig{{fig{text: "百分之六十七点五", value: 67.5, kind: KindPercent, unit: "percent", subject: "全省森林覆盖率", period: "fallback 2021-12-20"}, ""}}},
	{name: "percent/千分之", in: "全国人口自然增长率为千分之零点三四。",
		want: []zfig{{fig{text: "千分之零点三四", value: 0.34, kind: KindPercent, unit: "per mille", subject: "全国人口自然增长率", period: "fallback 2021-12-20"}, ""}}},
	{name: "percent/个百分点", in: "城镇调查失业率比上年下降0.5个百分点。",
		want: []zfig{{fig{text: "0.5个百分点", value: 0.5, kind: KindPercent, unit: "percentage points", subject: "城镇调查失业率", period: "fallback 2021-12-20"}, "dir=down change"}}},
	{name: "percent/百分点 level", in: "居民消费价格指数同比上涨2.3%，涨幅比上月扩大0.8个百分点。",
		want: []zfig{
			{fig{text: "2.3%", value: 2.3, kind: KindPercent, unit: "percent", subject: "居民消费价格指数", period: "fallback 2021-12-20"}, "dir=up change"},
			{fig{text: "0.8个百分点", value: 0.8, kind: KindPercent, unit: "percentage points", subject: "涨幅", period: "fallback 2021-12-20"}, "dir=up change"},
		}},
	{name: "percent/成", in: "七成以上受访者表示满意。",
		want: []zfig{{fig{text: "七成", value: 70, kind: KindPercent, unit: "percent", base: "受访者", qual: "at least", period: "fallback 2021-12-20"}, ""}}},
	{name: "percent/八成", in: "全省八成县域实现全覆盖。",
		want: []zfig{{fig{text: "八成", value: 80, kind: KindPercent, unit: "percent", subject: "全省", base: "县域", period: "fallback 2021-12-20"}, ""}}},
	{name: "percent/同比增长", in: "1-11月，中央企业累计实现营业收入31.7万亿元，同比增长20.5%。",
		want: []zfig{
			{fig{text: "31.7万亿元", value: 3.17e+13, kind: KindAmount, unit: "CNY", subject: "营业收入", period: "2021-01-01/2021-11-30 month"}, ""},
			{fig{text: "20.5%", value: 20.5, kind: KindPercent, unit: "percent", subject: "营业收入", period: "2021-01-01/2021-11-30 month"}, "dir=up change"},
		}},
	{name: "percent/同比下降", in: "全国规模以上工业企业利润同比下降4.2%。",
		want: []zfig{{fig{text: "4.2%", value: 4.2, kind: KindPercent, unit: "percent", subject: "全国规模以上工业企业利润", period: "fallback 2021-12-20"}, "dir=down change"}}},
	{name: "percent/增长到", in: "研发投入强度提高到2.44%。",
		want: []zfig{{fig{text: "2.44%", value: 2.44, kind: KindPercent, unit: "percent", subject: "研发投入强度", period: "fallback 2021-12-20"}, "dir=up"}}},
	{name: "percent/降至", in: "全国居民恩格尔系数降至29.8%。",
		want: []zfig{{fig{text: "29.8%", value: 29.8, kind: KindPercent, unit: "percent", subject: "全国居民恩格尔系数", period: "fallback 2021-12-20"}, "dir=down"}}},
	{name: "percent/占 比重", in: "2016年底，我国卫生总费用占GDP的比重为6.2%。",
		want: []zfig{{fig{text: "6.2%", value: 6.2, kind: KindPercent, unit: "percent", subject: "我国卫生总费用", base: "GDP", period: "2016-12-31/2016-12-31 year asof"}, ""}}},
	{name: "percent/占 的", in: "民营企业出口额占全国出口总额的55.9%。",
		want: []zfig{{fig{text: "55.9%", value: 55.9, kind: KindPercent, unit: "percent", subject: "民营企业出口额", base: "全国出口总额", period: "fallback 2021-12-20"}, ""}}},
	{name: "percent/range", in: "各地补贴比例为10%-20%。",
		want: []zfig{{fig{text: "10%-20%", value: 10, kind: KindPercent, unit: "percent", subject: "各地补贴比例", period: "fallback 2021-12-20"}, "high=20"}}},
	{name: "percent/range 至", in: "利润率预计在5%至8%之间。",
		want: []zfig{{fig{text: "5%至8%", value: 5, kind: KindPercent, unit: "percent", subject: "利润率", period: "fallback 2021-12-20"}, "high=8"}}},
	{name: "percent/近 qualifier", in: "近九成企业实现盈利。",
		want: []zfig{{fig{text: "九成", value: 90, kind: KindPercent, unit: "percent", base: "企业", qual: "nearly", period: "fallback 2021-12-20"}, ""}}},
	{name: "percent/超过", in: "超过60%的中央企业利润增长超过20%。",
		want: []zfig{
			{fig{text: "60%", value: 60, kind: KindPercent, unit: "percent", base: "中央企业利润", qual: "more than", period: "fallback 2021-12-20"}, ""},
			{fig{text: "20%", value: 20, kind: KindPercent, unit: "percent", subject: "超过60%的中央企业利润", qual: "more than", period: "fallback 2021-12-20"}, "dir=up change"},
		}},
	{name: "percent/negative", in: "全年净利润率为-2.5%。",
		want: []zfig{{fig{text: "-2.5%", value: -2.5, kind: KindPercent, unit: "percent", subject: "净利润率", period: "fallback 2021-12-20"}, ""}}},
	{name: "percent/负", in: "全年经济增速为负2.3%。",
		want: []zfig{{fig{text: "负2.3%", value: -2.3, kind: KindPercent, unit: "percent", subject: "经济增速", period: "fallback 2021-12-20"}, ""}}},
	{name: "percent/三分之一", in: "约三分之一的企业完成改制。",
		want: []zfig{{fig{text: "三分之一", value: 0.3333333333333333, kind: KindRatio, base: "企业", qual: "about", period: "fallback 2021-12-20"}, ""}}},
	{name: "percent/三分之二", in: "三分之二的县实现脱贫摘帽。",
		want: []zfig{{fig{text: "三分之二", value: 0.6666666666666666, kind: KindRatio, base: "县", period: "fallback 2021-12-20"}, ""}}},
	{name: "percent/环比", in: "11月份，全国居民消费价格环比下降0.2%。",
		want: []zfig{{fig{text: "0.2%", value: 0.2, kind: KindPercent, unit: "percent", subject: "全国居民消费价格", period: "2021-11-01/2021-11-30 month"}, "dir=down change"}}},
	{name: "percent/增速", in: "前三季度，全国规模以上工业增加值同比增长11.8%，两年平均增长6.4%。",
		want: []zfig{
			{fig{text: "11.8%", value: 11.8, kind: KindPercent, unit: "percent", subject: "全国规模以上工业增加值", period: "2021-01-01/2021-09-30 quarter"}, "dir=up change"},
			{fig{text: "6.4%", value: 6.4, kind: KindPercent, unit: "percent", subject: "两年平均", period: "2021-01-01/2021-09-30 quarter"}, "dir=up change"},
		}},
	{name: "percent/由 to", in: "网上零售额占比由20.7%提高至24.5%。",
		want: []zfig{
			{fig{text: "20.7%", value: 20.7, kind: KindPercent, unit: "percent", subject: "网上零售额占比", period: "fallback 2021-12-20"}, ""},
			{fig{text: "24.5%", value: 24.5, kind: KindPercent, unit: "percent", subject: "网上零售额占比", period: "fallback 2021-12-20"}, "dir=up"},
		}},
	{name: "amount/亿元", in: "国资委安排专项资金300亿元。",
		want: []zfig{{fig{text: "300亿元", value: 3e+10, kind: KindAmount, unit: "CNY", subject: "专项资金", period: "fallback 2021-12-20"}, ""}}},
	{name: "amount/万亿元", in: "全年国内生产总值达到114.4万亿元。",
		want: []zfig{{fig{text: "114.4万亿元", value: 1.144e+14, kind: KindAmount, unit: "CNY", subject: "国内生产总值", period: "fallback 2021-12-20"}, ""}}},
	{name: "amount/4.78万亿", in: "中央企业上缴税费4.78万亿元。",
		want: []zfig{{fig{text: "4.78万亿元", value: 4.78e+12, kind: KindAmount, unit: "CNY", subject: "税费", period: "fallback 2021-12-20"}, ""}}},
	{name: "amount/万元", in: "人均劳动生产率达到59.8万元。",
		want: []zfig{{fig{text: "59.8万元", value: 598000, kind: KindAmount, unit: "CNY", subject: "人均劳动生产率", period: "fallback 2021-12-20"}, ""}}},
	{name: "amount/元", in: "全国居民人均可支配收入35128元，比上年增长9.1%。",
		want: []zfig{
			{fig{text: "35128元", value: 35128, kind: KindAmount, unit: "CNY", subject: "全国居民人均可支配收入", period: "fallback 2021-12-20"}, ""},
			{fig{text: "9.1%", value: 9.1, kind: KindPercent, unit: "percent", subject: "全国居民人均可支配收入", period: "fallback 2021-12-20"}, "dir=up change"},
		}},
	{name: "amount/美元", in: "海外业务收入达6124亿美元，同比增长14.3%。",
		want: []zfig{
			{fig{text: "6124亿美元", value: 6.124e+11, kind: KindAmount, unit: "USD", subject: "海外业务收入", period: "fallback 2021-12-20"}, ""},
			{fig{text: "14.3%", value: 14.3, kind: KindPercent, unit: "percent", subject: "海外业务收入", period: "fallback 2021-12-20"}, "dir=up change"},
		}},
	{name: "amount/港元", in: "公司海外收入42亿港元。",
		want: []zfig{{fig{text: "42亿港元", value: 4.2e+09, kind: KindAmount, unit: "HKD", subject: "公司海外收入", period: "fallback 2021-12-20"}, ""}}},
	{name: "amount/人民币", in: "该项目总投资约500亿元人民币。",
		want: []zfig{{fig{text: "500亿元人民币", value: 5e+10, kind: KindAmount, unit: "CNY", subject: "该项目总投资", qual: "about", period: "fallback 2021-12-20"}, ""}}},
	{name: "amount/chinese numerals", in: "财政安排补助资金五亿元。",
		want: []zfig{{fig{text: "五亿元", value: 5e+08, kind: KindAmount, unit: "CNY", subject: "补助资金", period: "fallback 2021-12-20"}, ""}}},
	{name: "amount/mixed", in: "合同金额5亿1万4千6百元。",
		want: []zfig{{fig{text: "5亿1万4千6百元", value: 5.000146e+08, kind: KindAmount, unit: "CNY", subject: "合同金额", period: "fallback 2021-12-20"}, ""}}},
	{name: "amount/500余万", in: "项目获得资助500余万元。",
		want: []zfig{{fig{text: "500余万元", value: 5e+06, kind: KindAmount, unit: "CNY", subject: "资助", qual: "more than", period: "fallback 2021-12-20"}, ""}}},
	{name: "amount/多", in: "累计发放贷款3000多亿元。",
		want: []zfig{{fig{text: "3000多亿元", value: 3e+11, kind: KindAmount, unit: "CNY", subject: "贷款", qual: "more than", period: "fallback 2021-12-20"}, ""}}},
	{name: "amount/￥", in: "门票价格为￥120元。",
		want: []zfig{{fig{text: "￥120元", value: 120, kind: KindAmount, unit: "CNY", subject: "门票价格", period: "fallback 2021-12-20"}, ""}}},
	{name: "amount/$", in: "公司获得$2500万融资。",
		want: []zfig{{fig{text: "$2500万", value: 2.5e+07, kind: KindAmount, unit: "USD", subject: "公司", period: "fallback 2021-12-20"}, ""}}},
	{name: "amount/US$", in: "公司营收达US$3.2亿。",
		want: []zfig{{fig{text: "US$3.2亿", value: 3.2e+08, kind: KindAmount, unit: "USD", subject: "公司营收", period: "fallback 2021-12-20"}, ""}}},
	{name: "amount/range", in: "单个项目补贴5000万至1亿元。",
		want: []zfig{{fig{text: "5000万至1亿元", value: 5e+07, kind: KindAmount, unit: "CNY", subject: "单个项目补贴", period: "fallback 2021-12-20"}, "high=1e+08"}}},
	{name: "amount/不超过", in: "单笔贷款额度不超过300万元。",
		want: []zfig{{fig{text: "300万元", value: 3e+06, kind: KindAmount, unit: "CNY", subject: "单笔贷款额度", qual: "up to", period: "fallback 2021-12-20"}, ""}}},
	{name: "amount/元 then percent", in: "全年社会消费品零售总额44.1万亿元，比上年增长12.5%。",
		want: []zfig{
			{fig{text: "44.1万亿元", value: 4.41e+13, kind: KindAmount, unit: "CNY", subject: "社会消费品零售总额", period: "fallback 2021-12-20"}, ""},
			{fig{text: "12.5%", value: 12.5, kind: KindPercent, unit: "percent", subject: "社会消费品零售总额", period: "fallback 2021-12-20"}, "dir=up change"},
		}},
	{name: "amount/税费", in: "中央企业上缴税费2.05万亿元，同比增长12.4%。",
		want: []zfig{
			{fig{text: "2.05万亿元", value: 2.05e+12, kind: KindAmount, unit: "CNY", subject: "税费", period: "fallback 2021-12-20"}, ""},
			{fig{text: "12.4%", value: 12.4, kind: KindPercent, unit: "percent", subject: "税费", period: "fallback 2021-12-20"}, "dir=up change"},
		}},
	{name: "amount/净利润", in: "中央企业实现净利润1.62万亿元，同比增长37.2%。",
		want: []zfig{
			{fig{text: "1.62万亿元", value: 1.62e+12, kind: KindAmount, unit: "CNY", subject: "净利润", period: "fallback 2021-12-20"}, ""},
			{fig{text: "37.2%", value: 37.2, kind: KindPercent, unit: "percent", subject: "净利润", period: "fallback 2021-12-20"}, "dir=up change"},
		}},
	{name: "period/截至 month end", in: "截至2021年11月底，全国累计接种疫苗25.6亿剂次。",
		want: []zfig{{fig{text: "25.6亿", value: 2.56e+09, kind: KindCount, unit: "剂次", subject: "疫苗", period: "2021-11-30/2021-11-30 month asof"}, ""}}},
	{name: "period/截至 day", in: "截至2021年12月19日，全国累计报告确诊病例100644例。",
		want: []zfig{{fig{text: "100644", value: 100644, kind: KindCount, subject: "确诊病例", period: "2021-12-19/2021-12-19 day asof"}, ""}}},
	{name: "period/年底", in: "2020年底，全国医疗卫生机构床位达到910万张。",
		want: []zfig{{fig{text: "910万", value: 9.1e+06, kind: KindCount, subject: "全国医疗卫生机构床位", period: "2020-12-31/2020-12-31 year asof"}, ""}}},
	{name: "period/年末", in: "2021年末全国人口141260万人。",
		want: []zfig{{fig{text: "141260万", value: 1.4126e+09, kind: KindCount, subject: "全国人口", period: "2021-12-31/2021-12-31 year asof"}, ""}}},
	{name: "period/1-11月", in: "2021年1-11月，全国规模以上工业企业实现利润总额79750亿元。",
		want: []zfig{{fig{text: "79750亿元", value: 7.975e+12, kind: KindAmount, unit: "CNY", subject: "利润总额", period: "2021-01-01/2021-11-30 month"}, ""}}},
	{name: "period/1—11月", in: "2021年1—11月，中央企业利润总额2.16万亿元。",
		want: []zfig{{fig{text: "2.16万亿元", value: 2.16e+12, kind: KindAmount, unit: "CNY", subject: "中央企业利润总额", period: "2021-01-01/2021-11-30 month"}, ""}}},
	{name: "period/前三季度", in: "2021年前三季度，国内生产总值823131亿元。",
		want: []zfig{{fig{text: "823131亿元", value: 8.23131e+13, kind: KindAmount, unit: "CNY", subject: "国内生产总值", period: "2021-01-01/2021-09-30 quarter"}, ""}}},
	{name: "period/前三季度 no year", in: "前三季度，全国居民人均可支配收入26265元。",
		want: []zfig{{fig{text: "26265元", value: 26265, kind: KindAmount, unit: "CNY", subject: "全国居民人均可支配收入", period: "2021-01-01/2021-09-30 quarter"}, ""}}},
	{name: "period/上半年", in: "2022年上半年，中央企业投入帮扶资金43.7亿元。",
		want: []zfig{{fig{text: "43.7亿元", value: 4.37e+09, kind: KindAmount, unit: "CNY", subject: "帮扶资金", period: "2022-01-01/2022-06-30 quarter"}, ""}}},
	{name: "period/第三季度", in: "2021年第三季度，GDP同比增长4.9%。",
		want: []zfig{{fig{text: "4.9%", value: 4.9, kind: KindPercent, unit: "percent", subject: "GDP", period: "2021-07-01/2021-09-30 quarter"}, "dir=up change"}}},
	{name: "period/month", in: "2021年11月，全国居民消费价格同比上涨2.3%。",
		want: []zfig{{fig{text: "2.3%", value: 2.3, kind: KindPercent, unit: "percent", subject: "全国居民消费价格", period: "2021-11-01/2021-11-30 month"}, "dir=up change"}}},
	{name: "period/month no year", in: "11月份，全国规模以上工业增加值同比增长3.8%。",
		want: []zfig{{fig{text: "3.8%", value: 3.8, kind: KindPercent, unit: "percent", subject: "全国规模以上工业增加值", period: "2021-11-01/2021-11-30 month"}, "dir=up change"}}},
	{name: "period/year", in: "2021年，全国粮食总产量13657亿斤。",
		want: []zfig{{fig{text: "13657亿", value: 1.3657e+12, kind: KindCount, unit: "jin", subject: "全国粮食总产量", period: "2021-01-01/2021-12-31 year"}, ""}}},
	{name: "period/years range", in: "2016年至2020年，中央企业累计投入帮扶资金387亿元。",
		want: []zfig{{fig{text: "387亿元", value: 3.87e+10, kind: KindAmount, unit: "CNY", subject: "帮扶资金", period: "2016-01-01/2020-12-31 year"}, ""}}},
	{name: "period/years dash", in: "2016—2020年，帮助186万贫困人口脱贫。",
		want: []zfig{{fig{text: "186万", value: 1.86e+06, kind: KindCount, subject: "贫困人口", period: "2016-01-01/2020-12-31 year"}, ""}}},
	{name: "period/去年", in: "去年全市新增就业岗位2.3万个。",
		want: []zfig{{fig{text: "2.3万", value: 23000, kind: KindCount, subject: "全市新增就业岗位", period: "2020-01-01/2020-12-31 year"}, ""}}},
	{name: "period/今年", in: "今年以来，全省新增市场主体32万户。",
		want: []zfig{{fig{text: "32万", value: 320000, kind: KindCount, subject: "全省新增市场主体", period: "2021-01-01/2021-12-31 year"}, ""}}},
	{name: "period/baseline 比上年", in: "2020年，全国医疗卫生机构总诊疗人次达77.4亿，比上年减少15.9%。",
		want: []zfig{
			{fig{text: "77.4亿", value: 7.74e+09, kind: KindNumber, subject: "全国医疗卫生机构总诊疗人次", period: "2020-01-01/2020-12-31 year"}, ""},
			{fig{text: "15.9%", value: 15.9, kind: KindPercent, unit: "percent", subject: "全国医疗卫生机构总诊疗人次", period: "2020-01-01/2020-12-31 year"}, "dir=down change"},
		}},
	{name: "period/semicolon carries", in: "截至2021年底，全省共有医院320家；其中民营医院45家。",
		want: []zfig{
			{fig{text: "320", value: 320, kind: KindCount, subject: "医院", period: "2021-12-31/2021-12-31 year asof"}, ""},
			{fig{text: "45", value: 45, kind: KindCount, subject: "民营医院", period: "2021-12-31/2021-12-31 year asof"}, ""},
		}},
	{name: "period/前11个月", in: "前11个月，全国进出口总值35.39万亿元。",
		want: []zfig{{fig{text: "35.39万亿元", value: 3.539e+13, kind: KindAmount, unit: "CNY", subject: "全国进出口总值", period: "2021-01-01/2021-11-30 month"}, ""}}},
	{name: "period/12月20日 no year", in: "12月20日，上证指数收于3650点。",
		want: []zfig{{fig{text: "3650", value: 3650, kind: KindNumber, unit: "point", subject: "上证指数", period: "2021-12-20/2021-12-20 day"}, ""}}},
	{name: "period/ISO date", in: "2021-12-20，公司发布公告称新增订单120亿元。",
		want: []zfig{{fig{text: "120亿元", value: 1.2e+10, kind: KindAmount, unit: "CNY", subject: "公告称新增订单", period: "2021-12-20/2021-12-20 day"}, ""}}},
	{name: "period/到年底", in: "到2021年底，全省5G基站超过6万个。",
		want: []zfig{{fig{text: "6万", value: 60000, kind: KindCount, subject: "全省5G基站", qual: "more than", period: "2021-12-31/2021-12-31 year asof"}, ""}}},
	{name: "period/target", in: "到2025年，全国千人口床位数将达到7.4张。",
		want: []zfig{{fig{text: "7.4", value: 7.4, kind: KindCount, subject: "全国千人口床位数", period: "2025-01-01/2025-12-31 year"}, ""}}},
	{name: "period/本月", in: "本月全市新开门店42家。",
		want: []zfig{{fig{text: "42", value: 42, kind: KindCount, subject: "门店", period: "2021-12-01/2021-12-31 month"}, ""}}},
	{name: "period/第四季度 last year", in: "去年第四季度，出口同比增长21.1%。",
		want: []zfig{{fig{text: "21.1%", value: 21.1, kind: KindPercent, unit: "percent", subject: "出口", period: "2020-10-01/2020-12-31 quarter"}, "dir=up change"}}},
	{name: "period/after", in: "全国新增城镇就业1269万人，2021年。",
		want: []zfig{{fig{text: "1269万", value: 1.269e+07, kind: KindCount, subject: "全国新增城镇就业", period: "2021-01-01/2021-12-31 year"}, ""}}},
	{name: "number/PMI", in: "11月份，制造业采购经理指数（PMI）为50.1。",
		want: []zfig{{fig{text: "50.1", value: 50.1, kind: KindNumber, subject: "制造业采购经理指数（PMI）", period: "2021-11-01/2021-11-30 month"}, ""}}},
	{name: "number/bare", in: "全国医疗卫生机构总诊疗人次达77.4亿。",
		want: []zfig{{fig{text: "77.4亿", value: 7.74e+09, kind: KindNumber, subject: "全国医疗卫生机构总诊疗人次", period: "fallback 2021-12-20"}, ""}}},
	{name: "number/expectancy", in: "人均预期寿命提高到78.2岁。"},
	{name: "number/每千人口", in: "每千人口医疗卫生机构床位数由6.30张增加到6.46张。",
		want: []zfig{
			{fig{text: "6.30", value: 6.3, kind: KindCount, subject: "每千人口医疗卫生机构床位数", period: "fallback 2021-12-20"}, ""},
			{fig{text: "6.46", value: 6.46, kind: KindCount, subject: "每千人口医疗卫生机构床位数", period: "fallback 2021-12-20"}, "dir=up"},
		}},
	{name: "none/date", in: "会议于2021年12月20日在北京召开。"},
	{name: "none/year", in: "2017年，该计划正式启动。"},
	{name: "none/time", in: "发布会将于上午9时30分举行。"},
	{name: "none/phone", in: "咨询电话：010-65211234。"},
	{name: "none/hotline", in: "市民可拨打12345热线反映问题。"},
	{name: "none/article", in: "根据《条例》第十二条规定执行。"},
	{name: "none/ordinal", in: "第七次全国人口普查结果公布。"},
	{name: "none/plan", in: "“十四五”规划开局良好。"},
	{name: "none/一切", in: "一切为了人民健康。"},
	{name: "none/一些", in: "一些企业经营困难。"},
	{name: "none/一是", in: "一是加快资源整合，二是加强管理。"},
	{name: "none/5G", in: "推动5G与医疗深度融合。"},
	{name: "none/COVID-19", in: "COVID-19疫情对经济造成冲击。"},
	{name: "none/IP", in: "服务器地址为192.168.1.1。"},
	{name: "none/名称", in: "健康中国2030规划纲要正式发布。"},
	{name: "none/age", in: "60岁以上老年人接种疫苗。"},
	{name: "none/两会", in: "全国两会在北京开幕。"},
	{name: "none/stock code", in: "贵州茅台（600519）股价上涨。"},
	{name: "none/数十家", in: "数十家企业参与竞标。"},
	{name: "none/千万", in: "千万不要相信谣言。"},
	{name: "none/十分", in: "改革成效十分明显。"},
	{name: "none/万一", in: "万一出现险情要及时报告。"},
	{name: "none/统一", in: "实行统一管理。"},
	{name: "none/唯一", in: "这是唯一的选择。"},
	{name: "none/初一", in: "正月初一举行庆祝活动。"},
	{name: "none/周一", in: "周一召开会议。"},
	{name: "none/成本", in: "企业降低成本压力较大。"},
	{name: "none/百姓", in: "让百姓看得起病。"},
	{name: "none/80年代", in: "上世纪80年代开始改革。"},
	{name: "none/3个月", in: "改革用了3个月时间。"},
	{name: "none/元旦", in: "元旦期间客流大增。"},
	{name: "none/A320", in: "空客A320客机交付使用。"},
	{name: "none/score", in: "比赛以3-2结束。"},
}

// moreString formats the range, direction and change of a figure as zfig.more.
func moreString(f Figure) string {
	var parts []string
	if f.High != f.Low {
		parts = append(parts, "high="+strconv.FormatFloat(f.High, 'g', -1, 64))
	}
	if f.Direction != "" {
		parts = append(parts, "dir="+f.Direction)
	}
	if f.Change {
		parts = append(parts, "change")
	}
	return strings.Join(parts, " ")
}

func TestParseChinese(t *testing.T) {
	if len(chineseCases) < 120 {
		t.Fatalf("only %d Chinese cases; want at least 120", len(chineseCases))
	}
	if n := len(englishCases) + len(englishMoreCases) + len(chineseCases); n < 300 {
		t.Fatalf("%d table cases in all; want at least 300", n)
	}
	seen := map[string]bool{}
	for _, c := range chineseCases {
		if seen[c.name] {
			t.Fatalf("duplicate case name %q", c.name)
		}
		seen[c.name] = true
		t.Run(c.name, func(t *testing.T) {
			got := Parse(c.in, Options{Lang: "zh", Published: mustDay(t, "2021-12-20")})
			if len(got) != len(c.want) {
				var gf []fig
				for _, f := range got {
					gf = append(gf, gotFig(f))
				}
				t.Fatalf("Parse(%q) found %d figures, want %d:\n got  %s", c.in, len(got), len(c.want), dump(gf))
			}
			for i, f := range got {
				checkInvariants(t, c.in, f)
				g, w := gotFig(f), c.want[i].fig
				if g.value != w.value {
					t.Errorf("figure %d %q: value %v, want %v", i, g.text, g.value, w.value)
				}
				g.value = w.value
				if g != w {
					t.Errorf("figure %d of %q:\n got  %+v\n want %+v", i, c.in, g, w)
				}
				if m := moreString(f); m != c.want[i].more {
					t.Errorf("figure %d %q: range/direction %q, want %q", i, f.Text, m, c.want[i].more)
				}
				if f.High == f.Low && (f.Low != f.Value) {
					t.Errorf("figure %d %q: Low %v High %v, want both %v", i, f.Text, f.Low, f.High, f.Value)
				}
			}
			// Detection: the same text without a language tag reads the same.
			if auto := Parse(c.in, Options{Published: mustDay(t, "2021-12-20")}); len(auto) != len(got) {
				t.Errorf("with Lang \"\" found %d figures, with \"zh\" %d", len(auto), len(got))
			}
		})
	}
}

// TestChineseSeedMatchesEnglish parses the Chinese version of the SASAC
// seed press release and checks that it yields the English seed's values,
// in the same order, with the same periods.
func TestChineseSeedMatchesEnglish(t *testing.T) {
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join("testdata", "golden", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	pub := mustDay(t, "2021-12-20")
	en := Parse(read("sasac-medical-institutions-reform.txt"), Options{Lang: "en", Published: pub})
	zhText := read("sasac-medical-institutions-reform-zh.txt")
	zh := Parse(zhText, Options{Lang: "zh", Published: pub})
	wantSubjects := []string{"方式", "医疗机构", "中央企业所办1154家医疗机构深化改革完成率", "医疗机构", "医疗机构", "医疗机构",
		"企业办医疗机构", "国有企业办医疗机构", "医疗机构", "床位", "年诊疗量", "医疗机构"}
	wantUnits := []string{"", "", "percent", "", "", "", "", "", "", "", "person-times", ""}
	if len(zh) != len(en) || len(zh) != len(wantSubjects) {
		t.Fatalf("Chinese seed: %d figures, English %d, want %d", len(zh), len(en), len(wantSubjects))
	}
	for i := range zh {
		checkInvariants(t, zhText, zh[i])
		if zh[i].Value != en[i].Value || zh[i].Kind != en[i].Kind || periodString(zh[i].Period) != periodString(en[i].Period) {
			t.Errorf("figure %d: Chinese %q = %v %s %s, English %q = %v %s %s", i, zh[i].Text, zh[i].Value, zh[i].Kind,
				periodString(zh[i].Period), en[i].Text, en[i].Value, en[i].Kind, periodString(en[i].Period))
		}
		if zh[i].Subject != wantSubjects[i] || zh[i].Unit != wantUnits[i] {
			t.Errorf("figure %d %q: subject %q unit %q, want %q %q", i, zh[i].Text, zh[i].Subject, zh[i].Unit, wantSubjects[i], wantUnits[i])
		}
	}
}

func TestDetectLanguage(t *testing.T) {
	for _, c := range []struct {
		in string
		zh bool
	}{
		{"Revenue rose 5 percent.", false},
		{"全国GDP增长8.1%。", true},
		{"中央企业所办1154家医疗机构", true},
		{"The SASAC (国资委) said revenue rose 5 percent in the first eleven months of the year.", false},
		{"", false},
	} {
		if got := zhDetect(c.in); got != c.zh {
			t.Errorf("zhDetect(%q) = %v, want %v", c.in, got, c.zh)
		}
	}
}
