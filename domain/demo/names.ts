/** Name pools for realistic demo data. Frequencies follow common surname rankings loosely. */
export const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 72], ['李', 71], ['张', 68], ['刘', 55], ['陈', 46], ['杨', 31], ['赵', 20], ['黄', 22], ['周', 20], ['吴', 19],
  ['徐', 14], ['孙', 14], ['胡', 11], ['朱', 11], ['高', 10], ['林', 9], ['何', 9], ['郭', 9], ['马', 9], ['罗', 7],
  ['梁', 7], ['宋', 6], ['郑', 6], ['谢', 5], ['韩', 5], ['唐', 5], ['冯', 5], ['于', 5], ['董', 5], ['萧', 3],
  ['程', 4], ['曹', 4], ['袁', 4], ['邓', 4], ['许', 4], ['傅', 3], ['沈', 3], ['曾', 3], ['彭', 3], ['吕', 3],
  ['苏', 3], ['卢', 3], ['蒋', 3], ['蔡', 3], ['贾', 2], ['丁', 2], ['魏', 2], ['薛', 2], ['叶', 2], ['阎', 2],
  ['欧阳', 1], ['司马', 0.3], ['诸葛', 0.2], ['上官', 0.2],
];
export const GIVEN_MALE = '伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘'.split('');
export const GIVEN_FEMALE = '秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝丽阳妮宝贝初程梵罡恒鸿桦骅剑娇纪宽苛灵玛媚琪晴容睿烁堂唯威韦雯苇萱阅彦宇雨洋忠宗曼紫逸'.split('');
export const ETHNICITIES: readonly (readonly [string, number])[] = [
  ['汉族', 955], ['回族', 12], ['满族', 8], ['蒙古族', 4], ['壮族', 4], ['苗族', 3], ['土家族', 3], ['朝鲜族', 2], ['彝族', 2], ['藏族', 1],
  ['维吾尔族', 1], ['布依族', 1], ['侗族', 1], ['瑶族', 1], ['白族', 1], ['哈尼族', 1],
];
export const POLITICAL_STATUSES: readonly (readonly [string, number])[] = [
  ['中共党员', 55], ['群众', 35], ['共青团员', 6], ['民盟盟员', 1], ['九三学社社员', 1], ['民进会员', 1], ['农工党党员', 1],
];

export const DIVISION_NAMES = ['办公室', '组织人事科', '财务审计科', '政策法规科', '综合业务科', '规划发展科', '行政审批科', '监督检查科', '宣传教育科', '信息化科'];

/** Departments: name, post key of their own staff, subordinate institution templates, typical size. */
export interface DepartmentTemplate {
  name: string;
  politicoLegal?: boolean;
  institutions: readonly string[];
}
export const DEPARTMENTS: readonly DepartmentTemplate[] = [
  { name: '教育和体育局', institutions: ['第一中学', '第二中学', '第三中学', '实验小学', '实验幼儿园', '教育科学研究所', '职业中等专业学校', '特殊教育学校', '教育招生考试中心', '青少年活动中心', '第四中学', '第五中学'] },
  { name: '卫生健康委员会', institutions: ['人民医院', '中医医院', '疾病预防控制中心', '妇幼保健院', '急救指挥中心', '卫生健康综合监督执法大队', '精神卫生中心', '血站'] },
  { name: '财政局', institutions: ['财政投资评审中心', '国库集中支付中心', '会计服务中心'] },
  { name: '人力资源和社会保障局', institutions: ['公共就业和人才服务中心', '社会保险事业中心', '劳动人事争议仲裁院', '人事考试中心'] },
  { name: '公安局', politicoLegal: true, institutions: ['警务保障中心'] },
  { name: '司法局', politicoLegal: true, institutions: ['公证处', '法律援助中心'] },
  { name: '自然资源和规划局', institutions: ['不动产登记中心', '土地储备中心', '测绘院', '规划编研中心'] },
  { name: '农业农村局', institutions: ['农业技术推广中心', '畜牧兽医服务中心', '农业综合执法大队', '种子管理站', '农村经营管理服务中心'] },
  { name: '民政局', institutions: ['社会福利院', '救助管理站', '殡仪馆', '婚姻登记中心'] },
  { name: '交通运输局', institutions: ['公路事业发展中心', '交通运输综合执法大队', '港航事业发展中心'] },
  { name: '住房和城乡建设局', institutions: ['住房公积金服务中心', '建设工程质量安全服务中心', '房产交易中心', '城市建设档案馆'] },
  { name: '文化和旅游局', institutions: ['图书馆', '文化馆', '博物馆', '文物保护中心', '旅游服务中心'] },
  { name: '市场监督管理局', institutions: ['检验检测中心', '标准化研究院', '消费者权益保护中心'] },
  { name: '审计局', institutions: ['审计服务中心'] },
  { name: '统计局', institutions: ['统计调查中心', '普查中心'] },
  { name: '水利局', institutions: ['水文中心', '水利工程建设管理中心', '水土保持站'] },
  { name: '生态环境局', institutions: ['生态环境监测站', '环境应急管理中心'] },
  { name: '应急管理局', institutions: ['应急救援指挥保障中心', '地震监测中心'] },
  { name: '发展和改革委员会', institutions: ['价格认证中心', '经济研究中心', '粮食和物资储备中心'] },
  { name: '退役军人事务局', institutions: ['退役军人服务中心', '光荣院'] },
];

export const ORGAN_POSITIONS = {
  unitHead: ['局长', '主任'],
  unitDeputy: ['副局长', '副主任'],
  otherLeader: ['总工程师', '总经济师'],
  divisionHead: ['科长'],
  divisionDeputy: ['副科长'],
  staff: ['一级主任科员', '二级主任科员', '三级主任科员', '四级主任科员', '一级科员', '二级科员'],
} as const;
export const INSTITUTION_POSITIONS = {
  unitHead: ['主任', '院长', '校长', '站长'],
  unitDeputy: ['副主任', '副院长', '副校长', '副站长'],
  divisionHead: ['科长'],
  divisionDeputy: ['副科长'],
  staff: ['专业技术七级', '专业技术八级', '专业技术九级', '专业技术十级', '专业技术十一级', '专业技术十二级', '管理八级', '管理九级'],
  roles: ['教师', '医师', '护士', '工程师', '会计', '技术员', '管理员', '研究员', '检验师', '档案员'],
} as const;
export const WORKER_POSITIONS = ['技术工二级', '技术工三级', '技术工四级', '普通工'] as const;

/** The first city uses real-looking divisions; more are generated for large slices. */
export const CITY = { name: '泰安市', short: '泰', code: '370900' };
export const COUNTIES = [
  { name: '泰山区', short: '泰山区', code: '370902' },
  { name: '岱岳区', short: '岱岳区', code: '370911' },
  { name: '宁阳县', short: '宁', code: '370921' },
  { name: '东平县', short: '东', code: '370923' },
  { name: '新泰市', short: '新', code: '370982' },
  { name: '肥城市', short: '肥', code: '370983' },
];
export const PLACE_CHARS = '安平阳宁山河泉东西南北清丰华兴德福寿昌远定和永乐新兰临庆沂滨海峰城源江林武文'.split('');
