/**
 * Every fixed user-facing sentence, in Vietnamese, in one module. Code elsewhere never writes a user-facing
 * sentence inline; it picks one from here (functions where the sentence has slots).
 * Each area keeps its own exported object below; append new areas at the end.
 */

import type { Profile } from '../knowledge/profile.ts';
import { toRoman } from '../text/roman.ts';
import { clip } from '../text/vietnamese.ts';

/**
 * What fixed sentences say about the deployment: the programme, the province, where to ask. Filled from the
 * deployment profile (knowledge/profile.json) once at start; sentences that name documents take the loaded
 * documents' label as an argument instead, since documents come and go.
 */
export interface Deployment {
  /** "Chương trình phát triển khoa học, … tỉnh …, tầm nhìn đến năm 2045". */
  programme: string;
  /** "Chương trình khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số của tỉnh …": the header's plain name. */
  plainProgramme: string;
  /** "Chương trình KH,CN,ĐMST và CĐS tỉnh …". */
  shortProgramme: string;
  /** "tỉnh …" with the province named in the profile. */
  place: string;
  issuingBody: string;
  coordinator: string;
  /** "Tổng đài hỏi đáp 1022". */
  hotline: string;
  hotlineNumber: string;
  portal: string;
  portalUrl: string;
  website: string;
  websiteUrl: string;
}

export function deploymentOf(profile: Profile): Deployment {
  return {
    programme: profile.programme.name,
    plainProgramme: profile.programme.plainName,
    shortProgramme: profile.programme.shortName,
    place: `${profile.provinceKind} ${profile.province}`,
    issuingBody: profile.issuingBody,
    coordinator: profile.coordinator.name,
    hotline: `${profile.hotline.name} ${profile.hotline.number}`,
    hotlineNumber: profile.hotline.number,
    portal: profile.portal.name,
    portalUrl: profile.portal.url,
    website: profile.website.name,
    websiteUrl: profile.website.url,
  };
}


/** Channels (issue 5): the gateway, the web chat and the bot adapters. */
export const CHANNEL_MESSAGES = {
  tooLong: (limit: number) =>
    `Tin nhắn quá dài (tối đa ${limit} ký tự). Vui lòng rút gọn câu hỏi hoặc chia thành nhiều tin nhắn ngắn hơn.`,
  rateLimited: (seconds: number) =>
    `Bạn gửi tin nhắn hơi nhanh. Vui lòng chờ khoảng ${seconds} giây rồi gửi tiếp. Xin cảm ơn!`,
  engineError:
    'Xin lỗi, hệ thống đang gặp sự cố khi trả lời câu hỏi này. Vui lòng thử lại sau ít phút.',
  shuttingDown: 'Hệ thống đang khởi động lại. Vui lòng gửi lại tin nhắn sau ít phút.',
  overloaded: 'Hệ thống đang nhận nhiều câu hỏi cùng lúc. Vui lòng gửi lại sau vài giây.',
  inboxUnavailable: 'Hệ thống tạm thời chưa lưu được tin nhắn. Vui lòng gửi lại sau ít phút.',
  /** The reply of the Zalo channels to an image, sticker, voice message, file, GIF, location… (`hotline`: e.g. 1022). */
  textOnly: (hotline: string) =>
    'Hiện trợ lý chỉ hỗ trợ tin nhắn văn bản. Vui lòng gõ câu hỏi bằng chữ, ví dụ: "Sở Y tế chủ trì những nhiệm vụ nào?". ' +
    `Cần hỗ trợ thêm, vui lòng gọi Tổng đài ${hotline}.`,
  /** Sent when a user follows the Zalo Official Account: a welcome and what the assistant can do. */
  followWelcome: (hotline: string) =>
    [
      'Cảm ơn bạn đã quan tâm! Tôi là trợ lý hỏi đáp về Chương trình phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số của tỉnh; mỗi câu trả lời đều dẫn nguồn. Bạn có thể hỏi:',
      '• Ai chủ trì, ai phối hợp, hạn khi nào, nguồn vốn của một nhiệm vụ;',
      '• Một cơ quan phải làm những nhiệm vụ gì (ví dụ "Sở Y tế phải làm gì?");',
      '• Nhiệm vụ quá hạn, sắp đến hạn hoặc đến hạn trong một khoảng thời gian.',
      'Cán bộ được giao nhiệm vụ gửi /dangky MÃ (mã mời do quản trị viên cấp) để đăng ký, /help để xem các lệnh.',
      `Trợ lý chỉ đọc tin nhắn văn bản. Thủ tục hành chính và câu hỏi khác: vui lòng gọi Tổng đài ${hotline}.`,
    ].join('\n'),
  sourcesLabel: 'Nguồn',
  choicesLabel: 'Trả lời một trong các lựa chọn',
  http: {
    badJson: 'Nội dung gửi lên không phải JSON hợp lệ.',
    wrongContentType: 'Vui lòng gửi dữ liệu dạng JSON (Content-Type: application/json).',
    bodyTooLarge: 'Dữ liệu gửi lên quá lớn.',
    missingText: 'Thiếu trường "text" (nội dung câu hỏi).',
    badConversationId: 'Trường "conversationId" không hợp lệ.',
    badMessageId: 'Trường "messageId" không hợp lệ (tối đa 100 ký tự chữ, số, "-" hoặc "_").',
    duplicateMessage: 'Tin nhắn này đã được nhận và trả lời trước đó.',
    notFound: 'Không tìm thấy địa chỉ này.',
    methodNotAllowed: 'Phương thức không được hỗ trợ cho địa chỉ này.',
    unauthorized: 'Yêu cầu không được xác thực.',
    storeUnavailable: 'Không kết nối được cơ sở dữ liệu.',
  },
  telegramCommands: {
    start: 'Bắt đầu và giới thiệu trợ lý',
    help: 'Hướng dẫn sử dụng',
    nhiemvu: 'Tra cứu nhiệm vụ của đơn vị',
    quahan: 'Các nhiệm vụ quá hạn',
    sapden: 'Các nhiệm vụ sắp đến hạn',
    capnhat: 'Cập nhật tiến độ nhiệm vụ',
    lichsu: 'Lịch sử cập nhật của nhiệm vụ',
    baocao: 'Báo cáo tổng hợp tiến độ',
    huy: 'Hủy thao tác đang chờ xác nhận',
    dangky: 'Đăng ký tài khoản cán bộ',
  },
  webChat: {
    title: (d: Deployment) => `Trợ lý hỏi đáp ${d.plainProgramme}`,
    subtitle: (documents: string) => `Tra cứu nhiệm vụ, đơn vị chủ trì, thời hạn theo ${documents}.`,
    inputLabel: 'Câu hỏi của bạn',
    placeholder: 'Ví dụ: Sở Khoa học và Công nghệ chủ trì những nhiệm vụ nào?',
    send: 'Gửi',
    sending: 'Đang trả lời…',
    you: 'Bạn',
    assistant: 'Trợ lý',
    sources: 'Nguồn:',
    networkError: 'Không gửi được câu hỏi. Vui lòng kiểm tra kết nối và thử lại.',
    keyboardHint: 'Nhấn Enter để gửi, Shift + Enter để xuống dòng.',
    welcome: (d: Deployment) => `Xin chào! Tôi trả lời các câu hỏi về ${d.programme}, kèm nguồn trích dẫn.`,
    conversationLog: 'Cuộc hội thoại',
    /** Short enough not to be clipped in the input of a 360 px wide phone. */
    shortPlaceholder: 'Ví dụ: Sở Y tế phải làm gì?',
    newConversation: 'Cuộc trò chuyện mới',
    suggestionsLabel: 'Gợi ý câu hỏi',
    seeAll: 'Xem tất cả',
    skipToInput: 'Chuyển đến ô nhập câu hỏi',
    hotline: (d: Deployment) => `${d.hotline}`,
    disclaimer: 'Trợ lý trả lời theo nội dung văn bản, không thay thế văn bản chính thức',
    openSource: (label: string) => `Mở nguồn ${label}`,
    /** Shown before the first question. */
    suggestions: ['Sở Y tế phải làm gì?', 'Những nhiệm vụ nào đã quá hạn?', 'Mục tiêu của chương trình là gì?', 'Văn bản do ai ký?'],
    /** After an answer of this reason: questions that follow it (the engine keeps the conversation). */
    followUps: {
      task: ['Còn ai phối hợp?', 'Thời hạn thế nào?', 'Nguồn vốn là gì?'],
      code: ['Còn ai phối hợp?', 'Thời hạn thế nào?'],
      agency_tasks: ['Những nhiệm vụ nào sắp đến hạn?', 'Những nhiệm vụ nào đã quá hạn?'],
      window: ['Những nhiệm vụ nào đã quá hạn?', 'Nhiệm vụ nào đến hạn trong 30 ngày tới?'],
      overdue: ['Nhiệm vụ nào đến hạn trong 30 ngày tới?', 'Sở Y tế phải làm gì?'],
      upcoming: ['Những nhiệm vụ nào đã quá hạn?', 'Sở Y tế phải làm gì?'],
      document: ['Mục tiêu đến năm 2030 là gì?', 'Kinh phí thực hiện từ đâu?'],
    } as Record<string, readonly string[]>,
    /** The chat opened inside the portal's widget. */
    widgetOpen: 'Hỏi trợ lý',
    widgetClose: 'Đóng trợ lý',
    widgetFrameTitle: 'Trợ lý hỏi đáp',
  },
  /** The pages citations open (`/nhiem-vu/…`, `/muc/…`, `/van-ban/…`) and the task list (`/danh-sach`). */
  webPages: {
    backToChat: 'Quay lại trang hỏi đáp',
    home: 'Trang hỏi đáp',
    skipToContent: 'Chuyển đến nội dung chính',
    sections: 'Các phần của văn bản',
    notFoundTitle: 'Không tìm thấy trang',
    notFoundTask: (id: string) => `Không có nhiệm vụ "${id}" trong các văn bản đã nạp. Mã nhiệm vụ có dạng PL2.11.`,
    notFoundSection: (id: string) => `Không có mục "${id}" trong các văn bản đã nạp. Mã mục có dạng II.A.3.g.`,
    notFoundDocument: (id: string) => `Không có văn bản "${id}" trong các văn bản đã nạp.`,
    notFoundPath: 'Địa chỉ này không có trên trang hỏi đáp.',
    breadcrumb: 'Đường dẫn',
    taskTitle: (id: string) => `Nhiệm vụ ${id}`,
    sectionTitle: (id: string) => `Mục ${id}`,
    name: 'Tên nhiệm vụ',
    content: 'Nội dung',
    lead: 'Chủ trì',
    partners: 'Phối hợp',
    deadlinePrinted: 'Thời hạn (như văn bản ghi)',
    deadlineNormalised: 'Thời hạn (quy đổi)',
    dueOn: (date: string) => `đến ngày ${date}`,
    periodFromTo: (from: string, to: string) => `giai đoạn từ ${from} đến ${to}`,
    funding: 'Nguồn vốn',
    result: 'Kết quả',
    code: 'Mã nhiệm vụ',
    group: 'Nhóm',
    block: 'Khối',
    appendix: 'Phụ lục',
    document: 'Văn bản',
    none: 'không ghi',
    statusHeading: 'Tiến độ do đơn vị báo cáo',
    statusAgency: 'Đơn vị',
    statusLabel: 'Trạng thái',
    statusPercent: 'Tỷ lệ hoàn thành',
    statusDate: 'Ngày cập nhật',
    statusNote: 'Ghi chú',
    noStatus: 'Chưa có đơn vị nào cập nhật tiến độ nhiệm vụ này.',
    officialText: 'Xem văn bản gốc',
    documentPage: 'Xem thông tin văn bản',
    documentTasks: 'Danh sách nhiệm vụ của văn bản',
    askAbout: 'Hỏi trợ lý về nhiệm vụ này',
    parent: 'Thuộc mục',
    children: 'Các mục con',
    noChildren: 'Mục này không có mục con.',
    opening: 'Phần mở đầu',
    documentNumber: 'Số hiệu',
    documentKind: 'Loại văn bản',
    issuer: 'Cơ quan ban hành',
    issuedOn: 'Ngày ban hành',
    signer: 'Người ký',
    effect: 'Hiệu lực',
    legalBases: 'Căn cứ ban hành',
    listTitle: 'Danh sách nhiệm vụ',
    filters: 'Lọc danh sách',
    filterDocument: 'Văn bản',
    filterAgency: 'Đơn vị',
    filterRole: 'Vai trò của đơn vị',
    filterFrom: 'Hạn từ ngày',
    filterTo: 'Hạn đến ngày',
    filterStatus: 'Tiến độ',
    any: 'Tất cả',
    roleLead: 'Chủ trì',
    rolePartner: 'Phối hợp',
    roleEither: 'Chủ trì hoặc phối hợp',
    partnerFilter: (partner: string) => `Chỉ những nhiệm vụ có ${partner} phối hợp.`,
    partnerFilterRemove: 'Bỏ điều kiện này',
    statusOverdue: 'Đã quá hạn',
    statusOpen: 'Chưa hoàn thành',
    statusNone: 'Chưa có cập nhật',
    apply: 'Lọc',
    clear: 'Bỏ lọc',
    count: (count: number) => `${count} nhiệm vụ`,
    pageOf: (page: number, pages: number) => `Trang ${page}/${pages}`,
    previous: 'Trang trước',
    next: 'Trang sau',
    pagination: 'Phân trang',
    empty: 'Không có nhiệm vụ nào khớp bộ lọc.',
    columnId: 'Mã',
    columnTask: 'Nhiệm vụ',
    columnLead: 'Chủ trì',
    columnDeadline: 'Thời hạn',
    columnStatus: 'Tiến độ',
  },
} as const;

/** Officials (issue 4): registration, "my tasks", status updates by chat, reminders and reports. */
export const OFFICIALS_MESSAGES = {
  statusLabel: {
    chua_trien_khai: 'chưa triển khai',
    dang_trien_khai: 'đang triển khai',
    hoan_thanh: 'hoàn thành',
    vuong_mac: 'gặp vướng mắc',
  } as Record<'chua_trien_khai' | 'dang_trien_khai' | 'hoan_thanh' | 'vuong_mac', string>,
  noUpdateYet: 'chưa có cập nhật',
  percentReached: (percent: number) => `đạt ${percent}%`,
  /** "đạt 80%", "hoàn thành", "gặp vướng mắc, đạt 40%": a status with its percentage, as the line shows it. */
  progress(status: 'chua_trien_khai' | 'dang_trien_khai' | 'hoan_thanh' | 'vuong_mac', percent: number | null): string {
    const label = OFFICIALS_MESSAGES.statusLabel[status];
    if (percent === null || status === 'hoan_thanh' || status === 'chua_trien_khai') return label;
    const reached = OFFICIALS_MESSAGES.percentReached(percent);
    return status === 'dang_trien_khai' ? reached : `${label}, ${reached}`;
  },
  /** The line citizens' answers show under a task: "Cập nhật ngày 28/11/2026 bởi Sở Y tế: đạt 80% — …". */
  statusLine: (date: string, agency: string, progress: string, note: string) =>
    `Cập nhật ngày ${date} bởi ${agency}: ${progress}${note ? ` — ${clip(note, 200)}` : ''}`,
  yes: 'Có',
  no: 'Không',

  help: (d: Deployment, documents: string, official: { name: string; agency: string; coordinator: boolean } | null) =>
    [
      `Trợ lý tra cứu ${d.shortProgramme} (${documents}).`,
      'Người dân: hỏi bằng tiếng Việt, ví dụ "Ai chủ trì nhiệm vụ PL1.29?", "Những nhiệm vụ nào đến hạn năm 2026?".',
      '',
      'Cán bộ được giao nhiệm vụ:',
      '/dangky MÃ — đăng ký bằng mã mời do quản trị viên cấp',
      '/nhiemvu — nhiệm vụ của đơn vị (chủ trì, phối hợp, nhiệm vụ chung)',
      '/quahan, /sapden — nhiệm vụ quá hạn, đến hạn trong 30 ngày tới',
      '/capnhat PL1.29 đã trình UBND tỉnh dự thảo, đạt 80% — cập nhật tiến độ (có thể kèm đường dẫn minh chứng)',
      '/huy — rút lại cập nhật vừa gửi (hoặc bỏ bản nháp đang chờ xác nhận)',
      '/lichsu PL1.29 — lịch sử cập nhật của nhiệm vụ',
      '/baocao — báo cáo tổng hợp của đơn vị',
      '/tatnhacnho, /batnhacnho — tắt/bật tin nhắc hạn',
      ...(official?.coordinator ? ['/kybaocao — kỳ báo cáo quý này: đơn vị đã báo cáo, muộn, chưa báo cáo', '/donduc — đôn đốc các đơn vị chưa báo cáo', '/dangnhap — mã đăng nhập trang quản trị trên web'] : []),
      ...(official
        ? ['', `Bạn đang đăng ký là ${official.coordinator ? 'cán bộ điều phối' : 'cán bộ'} của ${official.agency} (${official.name}).`]
        : []),
    ].join('\n'),
  unknownCommand: (word: string) => `Không có lệnh "/${word}". Gửi /help để xem các lệnh của trợ lý.`,
  notRegistered:
    'Chức năng này dành cho cán bộ đã đăng ký. Nếu bạn là cán bộ được giao nhiệm vụ, hãy xin quản trị viên mã mời ' +
    'của đơn vị rồi gửi "/dangky MÃ" (ví dụ: /dangky ABCD-2345). Người dân vẫn có thể hỏi về Chương trình như bình thường.',

  officialsOnlyOnIdentifiedChannels:
    'Đăng ký và các lệnh dành cho cán bộ chỉ dùng được trên Telegram hoặc Zalo, nơi nền tảng xác thực được tài khoản của bạn. ' +
    'Trên trang web, bạn vẫn có thể hỏi về Chương trình như bình thường.',
  registerCodeMissing: 'Vui lòng gửi kèm mã mời, ví dụ: /dangky ABCD-2345.',
  registerInvalid: 'Mã mời không đúng. Vui lòng kiểm tra lại mã (ví dụ: /dangky ABCD-2345) hoặc xin quản trị viên mã mới.',
  registerExpired: 'Mã mời đã hết hạn. Vui lòng xin quản trị viên cấp mã mới.',
  registerUsed: 'Mã mời này đã được sử dụng. Mỗi mã chỉ dùng một lần; vui lòng xin quản trị viên mã mới.',
  futureDateAsk: (task: string, date: string, today: string) =>
    `Báo cáo nhiệm vụ ${task} ghi ngày ${date}, sau hôm nay (${today}). Ngày này đã đúng chưa? ` +
    'Gửi lại ngày đúng (ví dụ: "ngày 15/11"), hoặc "đúng" nếu đó là ngày dự kiến; "không" để bỏ báo cáo này.',
  askName: 'Xin cho biết họ và tên của anh/chị để ghi vào sổ theo dõi (ví dụ: Nguyễn Văn An).',
  nameSaved: (name: string, agency: string) => `Cảm ơn ${name}. Đã ghi nhận anh/chị là cán bộ của ${agency}. Gửi /nhiemvu để xem nhiệm vụ của đơn vị.`,
  registerAlready: (agency: string) =>
    `Tài khoản này đã đăng ký là cán bộ của ${agency}. Nếu cần đổi đơn vị, vui lòng liên hệ quản trị viên.`,
  registered: (agency: string, coordinator: boolean) =>
    `Đăng ký thành công: bạn là ${coordinator ? 'cán bộ điều phối' : 'cán bộ'} của ${agency}. ` +
    'Gửi /nhiemvu để xem nhiệm vụ của đơn vị, /help để xem các lệnh.',

  /** The counts first, so "sở mình chủ trì bao nhiêu nhiệm vụ" is answered by the first line. */
  tasksHeading: (agency: string, lead: number, partner: number, collective: number) =>
    `${agency} chủ trì ${lead} nhiệm vụ, phối hợp ${partner} nhiệm vụ` + (collective > 0 ? `, cùng các đơn vị thực hiện ${collective} nhiệm vụ giao chung.` : '.'),
  tasksLead: 'Chủ trì:',
  tasksPartner: 'Phối hợp:',
  tasksCollective: 'Giao chung cho các sở, ban, ngành, địa phương (đơn vị báo cáo phần việc của mình):',
  tasksNone: (agency: string, documents: string) => `Không tìm thấy nhiệm vụ nào giao cho ${agency} trong ${documents}.`,
  taskLine: (id: string, name: string, deadline: string, status: string) => `• ${id} — ${name} — hạn: ${deadline} — ${status}`,
  noDeadline: 'không ghi',
  andMore: (count: number) => `… và ${count} nhiệm vụ khác.`,
  overdueHeading: (scope: string, date: string) => `Nhiệm vụ quá hạn của ${scope} (tính đến ${date}):`,
  overdueNone: (scope: string, date: string) => `${scope} không có nhiệm vụ nào quá hạn (tính đến ${date}).`,
  upcomingHeading: (scope: string, from: string, to: string) => `Nhiệm vụ của ${scope} đến hạn từ ${from} đến ${to}:`,
  upcomingNone: (scope: string, from: string, to: string) => `${scope} không có nhiệm vụ nào đến hạn từ ${from} đến ${to}.`,
  allAgencies: 'tất cả các đơn vị',

  updateMissingTask:
    'Vui lòng ghi mã nhiệm vụ cần cập nhật, ví dụ: /capnhat PL1.29 đã trình UBND tỉnh dự thảo, đạt 80%. ' +
    'Gửi /nhiemvu để xem mã các nhiệm vụ của đơn vị.',
  /** `elsewhere`: the same id in other loaded documents, as cited. */
  unknownTask: (ref: string, documents: string, example: string, elsewhere: string[] = []) =>
    `Không có nhiệm vụ "${ref}" trong ${documents}.${elsewhere.length > 0 ? ` Có phải ý bạn là ${elsewhere.join(' hoặc ')}?` : ''} Mã nhiệm vụ có dạng ${example}; gửi /nhiemvu để xem mã các nhiệm vụ của đơn vị.`,
  ambiguousCode: (code: string, options: string[]) =>
    `"${code}" ứng với ${options.length} nhiệm vụ khác nhau: ${options.join('; ')}. ` +
    `Vui lòng ghi rõ mã nhiệm vụ, ví dụ: /capnhat ${options[0]?.split(' ')[0] ?? 'PL2.1'} …`,
  whichTask: (options: string[]) =>
    `Báo cáo của bạn có thể thuộc ${options.length} nhiệm vụ: ${options.join('; ')}. Bạn báo cáo cho nhiệm vụ nào? Vui lòng gửi mã nhiệm vụ (ví dụ ${options[0]?.split(/[\s–]/u)[0] ?? 'PL2.1'}).`,
  choiceDropped: 'Đã bỏ báo cáo đang chờ chọn nhiệm vụ; chưa có gì được lưu.',
  ambiguousCodeHistory: (code: string, options: string[]) =>
    `"${code}" ứng với ${options.length} nhiệm vụ khác nhau: ${options.join('; ')}. Vui lòng ghi rõ mã nhiệm vụ, ví dụ: /lichsu ${options[0]?.split(' ')[0] ?? 'PL2.1'}.`,
  emptyUpdate: (taskId: string) =>
    `Cập nhật cho ${taskId} chưa có nội dung. Vui lòng ghi trạng thái (chưa triển khai / đang triển khai / hoàn thành / gặp vướng mắc), ` +
    `tỷ lệ hoàn thành nếu có và nội dung, ví dụ: /capnhat ${taskId} đã trình UBND tỉnh dự thảo, đạt 80%.`,
  percentOver100: (percent: number) =>
    `Tỷ lệ hoàn thành ${percent}% không hợp lệ: tỷ lệ phải từ 0% đến 100%. Vui lòng gửi lại, ví dụ: "đạt 80%". Bản nháp (nếu có) vẫn được giữ.`,
  notAllowed: (taskId: string, lead: string) =>
    `Đơn vị của bạn không chủ trì hay phối hợp nhiệm vụ ${taskId}, nên không thể cập nhật nhiệm vụ này. Đơn vị chủ trì: ${lead}.`,
  noLeadPrinted: 'QĐ không ghi đơn vị chủ trì',
  /** Shown before confirmation when the note holds personal data: what citizens will see instead. */
  publicNoteShown: (publicNote: string) =>
    `- Người dân sẽ thấy: ${publicNote} (số điện thoại, số định danh, email và tên người được ẩn; cán bộ vẫn xem được bản đầy đủ)`,
  confirmStatus: (fields: { taskId: string; taskName: string; agency: string; status: string; percent: number | null; note: string; evidence: string | null; publicNote: string | null }) =>
    [
      `Cập nhật tiến độ nhiệm vụ ${fields.taskId} (${fields.taskName}) của ${fields.agency}:`,
      `- Trạng thái: ${fields.status}${fields.percent !== null ? `, đạt ${fields.percent}%` : ''}`,
      ...(fields.note ? [`- Nội dung: ${fields.note}`] : []),
      ...(fields.evidence ? [`- Minh chứng: ${fields.evidence}`] : []),
      ...(fields.publicNote !== null ? [OFFICIALS_MESSAGES.publicNoteShown(fields.publicNote)] : []),
      'Gửi thêm tin nhắn để bổ sung trước khi xác nhận.',
      'Xác nhận? Có / Không',
    ].join('\n'),
  confirmComment: (fields: { taskId: string; taskName: string; agency: string; note: string; evidence: string | null; publicNote: string | null }) =>
    [
      `Ý kiến của đơn vị phối hợp ${fields.agency} về nhiệm vụ ${fields.taskId} (${fields.taskName}):`,
      `- Nội dung: ${fields.note}`,
      ...(fields.evidence ? [`- Minh chứng: ${fields.evidence}`] : []),
      ...(fields.publicNote !== null ? [OFFICIALS_MESSAGES.publicNoteShown(fields.publicNote)] : []),
      '(Chỉ đơn vị chủ trì mới thay đổi được trạng thái nhiệm vụ; ý kiến này được lưu kèm lịch sử nhiệm vụ.)',
      'Xác nhận? Có / Không',
    ].join('\n'),
  stored: (taskId: string, undoMinutes: number) =>
    `Đã lưu cập nhật cho nhiệm vụ ${taskId}.` +
    (undoMinutes > 0 ? ` Nếu nhầm, gửi /huy trong vòng ${undoMinutes} phút để rút lại.` : ''),
  alreadyStored: (taskId: string) => `Cập nhật này cho nhiệm vụ ${taskId} đã được lưu trước đó; không lưu thêm lần nữa.`,
  dropped: (taskId: string) => `Đã bỏ bản nháp cập nhật nhiệm vụ ${taskId}; không có gì được lưu.`,
  draftNoLongerAllowed: (taskId: string) =>
    `Không lưu được cập nhật nhiệm vụ ${taskId}: tài khoản của bạn không còn quyền cập nhật nhiệm vụ này. Bản nháp đã được bỏ.`,
  confirmFailed: 'Chưa lưu được cập nhật do lỗi hệ thống. Bản nháp vẫn được giữ; vui lòng trả lời "Có" lại sau ít phút.',

  undoDone: (taskId: string) => `Đã rút lại cập nhật gần nhất của bạn cho nhiệm vụ ${taskId} (lịch sử vẫn ghi lại việc rút).`,
  undoNothing: 'Bạn chưa có cập nhật nào để rút lại.',
  undoTooLate: (taskId: string, minutes: number) =>
    `Cập nhật gần nhất của bạn (nhiệm vụ ${taskId}) đã quá ${minutes} phút nên không rút lại được. Hãy gửi một cập nhật mới để điều chỉnh.`,
  undoDroppedDraft: (taskId: string) =>
    `Đã bỏ bản nháp cập nhật nhiệm vụ ${taskId} đang chờ xác nhận. Gửi /huy lần nữa nếu muốn rút lại cập nhật đã lưu gần nhất.`,

  historyMissingTask: 'Vui lòng ghi mã nhiệm vụ, ví dụ: /lichsu PL1.29.',
  historyHeading: (taskId: string, name: string) => `Lịch sử cập nhật nhiệm vụ ${taskId} (${name}):`,
  historyNone: (taskId: string) => `Nhiệm vụ ${taskId} chưa có cập nhật nào.`,
  /** `who` is null when the reader may not see officials' names (another agency's task). */
  historyLine: (fields: { when: string; who: string | null; agency: string; what: string; withdrawn: string | null }) =>
    `• ${fields.when} — ${fields.who ? `${fields.who} (${fields.agency})` : fields.agency}: ${fields.what}${fields.withdrawn ? ` [đã rút lại lúc ${fields.withdrawn}]` : ''}`,
  historyComment: (note: string) => `ý kiến phối hợp: ${note}`,
  evidenceSuffix: (url: string) => ` (minh chứng: ${url})`,

  reportHeading: (scope: string, date: string) => `Báo cáo tiến độ của ${scope} (tính đến ${date})`,
  reportCounts: (counts: { total: number; collective: number; chua_cap_nhat: number; chua_trien_khai: number; dang_trien_khai: number; hoan_thanh: number; vuong_mac: number; overdue: number }) =>
    `${counts.total} nhiệm vụ (trong đó ${counts.collective} nhiệm vụ giao chung): ${counts.hoan_thanh} hoàn thành, ` +
    `${counts.dang_trien_khai} đang triển khai, ${counts.vuong_mac} gặp vướng mắc, ${counts.chua_trien_khai} chưa triển khai, ` +
    `${counts.chua_cap_nhat} chưa cập nhật; ${counts.overdue} quá hạn.`,
  reportLatest: (task: string, status: string, percent: number | null, date: string) =>
    ` Mới nhất: ${task} — ${status}${percent === null ? '' : `, ${percent}%`} (${date}).`,
  reportOverdueHeading: 'Quá hạn:',
  reportOverdueLine: (id: string, name: string, due: string, status: string) => `• ${id} — ${name} — hạn ${due} — ${status}`,
  reportColumns: ['Đơn vị', 'Tổng số nhiệm vụ', 'Trong đó giao chung', 'Hoàn thành', 'Đang triển khai', 'Gặp vướng mắc', 'Chưa triển khai', 'Chưa cập nhật', 'Quá hạn'],
  reportOverdueColumns: ['Đơn vị', 'Nhiệm vụ', 'Tên nhiệm vụ', 'Hạn', 'Trạng thái'],

  remindersOff: 'Đã tắt tin nhắc hạn cho tài khoản này. Gửi /batnhacnho để bật lại.',
  remindersOn: 'Đã bật tin nhắc hạn cho tài khoản này.',
  reminderBefore: (days: number, lines: string[]) =>
    [`Nhắc hạn: ${lines.length} nhiệm vụ đơn vị chủ trì sẽ đến hạn trong ${days} ngày tới:`, ...lines, 'Gửi /capnhat MÃ … để cập nhật tiến độ.'].join('\n'),
  reminderOverdue: (lines: string[]) =>
    [`Nhắc hạn: ${lines.length} nhiệm vụ đơn vị chủ trì đã quá hạn mà chưa báo hoàn thành:`, ...lines, 'Gửi /capnhat MÃ … để cập nhật tiến độ.'].join('\n'),
  reminderLine: (id: string, name: string, due: string) => `• ${id} — ${name} — hạn ${due}`,
  digestHeading: (date: string, documents: string) => `Tổng hợp tuần (${date}) — tiến độ thực hiện ${documents}:`,
  digestAgencyLine: (agency: string, total: number, done: number, blocked: number, overdue: number, stale: number) =>
    `• ${agency}: ${total} nhiệm vụ, ${done} hoàn thành, ${blocked} vướng mắc, ${overdue} quá hạn, ${stale} chưa cập nhật`,
  reminderOptOutHint: 'Gửi /tatnhacnho để tắt tin nhắc.',

  periodLabel: (quarterRoman: string, year: number) => `Quý ${quarterRoman}/${year}`,
  /** An ad-hoc ("đột xuất") period, named by what it asks for. */
  adhocPeriodLabel: (title: string) => `Kỳ báo cáo đột xuất "${title}"`,
  adhocOpened: (label: string, due: string, agencies: number, sent: number, failed: number) =>
    `Đã mở ${label}, hạn báo cáo ${due}. Đề nghị báo cáo đã gửi tới ${sent} cán bộ của ${agencies} đơn vị có nhiệm vụ.` +
    (failed > 0 ? ` ${failed} tin chưa gửi được; lượt nhắc kế tiếp sẽ gửi lại.` : ''),
  adhocOpenedNoChannel: (label: string, due: string) =>
    `Đã mở ${label}, hạn báo cáo ${due}. Chưa có kênh nhắn tin nào chạy nên đề nghị báo cáo sẽ được gửi ở lượt nhắc kế tiếp.`,
  adhocAlreadyOpen: (label: string, due: string) => `${label} (hạn ${due}) đã được mở trước đó; không mở thêm kỳ mới, không gửi lại đề nghị.`,
  adhocMissingDue:
    'Vui lòng ghi hạn và nội dung của kỳ báo cáo đột xuất, ví dụ: "mở kỳ báo cáo đột xuất hạn 20/12: báo cáo tiến độ chuyển đổi số" ' +
    'hoặc /kydotxuat 20/12 báo cáo tiến độ chuyển đổi số.',
  adhocMissingTitle: (due: string) => `Kỳ báo cáo đột xuất hạn ${due} cần ghi nội dung yêu cầu, ví dụ: /kydotxuat ${due} báo cáo tiến độ chuyển đổi số.`,
  adhocDuePassed: (due: string, today: string) => `Hạn báo cáo ${due} đã qua (hôm nay là ${today}). Vui lòng chọn hạn từ hôm nay trở đi.`,
  /** "Không thay đổi": what will be recorded, before "có". */
  unchangedConfirm: (agency: string, period: string, lines: string[], more: number) =>
    [
      `${agency} báo cáo ${period}: không thay đổi so với lần báo cáo trước, ${lines.length + more} nhiệm vụ giữ nguyên trạng thái:`,
      ...lines,
      ...(more > 0 ? [`… và ${more} nhiệm vụ khác.`] : []),
      'Xác nhận? Có / Không',
    ].join('\n'),
  unchangedLine: (id: string, name: string, last: string) => `• ${id} — ${name} — giữ nguyên: ${last}`,
  unchangedNothingBefore: 'chưa có báo cáo trước',
  unchangedStored: (count: number, period: string, undoMinutes: number) =>
    `Đã ghi nhận ${count} nhiệm vụ không thay đổi trong ${period}; trạng thái trước được giữ nguyên.` +
    (undoMinutes > 0 ? ` Nếu nhầm, gửi /huy trong vòng ${undoMinutes} phút để rút lại.` : ''),
  unchangedDropped: 'Đã bỏ ghi nhận "không thay đổi"; không có gì được lưu.',
  unchangedNoneLeft: (agency: string, period: string) =>
    `${agency} đã báo cáo mọi nhiệm vụ trong ${period}; không còn nhiệm vụ nào để ghi "không thay đổi".`,
  unchangedNoTasks: (agency: string) => `${agency} không có nhiệm vụ nào phải báo cáo trạng thái.`,
  unchangedNotResponsible: (taskId: string) =>
    `Đơn vị của bạn không báo cáo trạng thái nhiệm vụ ${taskId} (chỉ đơn vị chủ trì, hoặc từng đơn vị với nhiệm vụ giao chung), nên không ghi "không thay đổi" được.`,
  historyUnchanged: (carried: string | null) => `không thay đổi${carried ? ` (giữ nguyên: ${carried})` : ''}`,
  undoDoneBatch: (count: number) => `Đã rút lại ghi nhận "không thay đổi" của ${count} nhiệm vụ (lịch sử vẫn ghi lại việc rút).`,
  coordinatorsOnly: 'Chỉ cán bộ của đơn vị điều phối mới dùng được lệnh này.',
  chaseUnavailable: 'Chưa gửi được tin đôn đốc: dịch vụ chưa kết nối kênh nhắn tin nào. Vui lòng thử lại sau.',
  chaseBusy: 'Một lượt nhắc hoặc đôn đốc khác đang chạy; vui lòng gửi lại sau ít phút.',
  /** The consolidated report's fixed wording (the renderers add their own headings). */
  consolidated: {
    nationalMotto: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'] as [string, string],
    title: 'BÁO CÁO',
    subtitle: (programme: string, period: string) => `Kết quả thực hiện ${programme} ${period.charAt(0).toLocaleLowerCase('vi')}${period.slice(1)}`,
    appendixTitle: (roman: string) => `Nhiệm vụ tại Phụ lục ${roman}`,
    tasksTitle: 'Nhiệm vụ',
    recipients: (issuingBody: string) => [`${issuingBody} (để báo cáo);`, 'Các sở, ban, ngành, địa phương;', 'Lưu: VT.'],
  },
  /** The period's request to an agency: what it must report on, what it said last time, by when. */
  periodRequest: (period: string, due: string, agency: string, lines: string[], more: number) =>
    [
      `Đề nghị báo cáo kết quả thực hiện ${period}: ${agency} gửi báo cáo trước ngày ${due}.`,
      `Các nhiệm vụ đơn vị báo cáo (${lines.length + more}):`,
      ...lines,
      ...(more > 0 ? [`… và ${more} nhiệm vụ khác (gửi /nhiemvu để xem tất cả).`] : []),
      'Gửi /capnhat MÃ … cho từng nhiệm vụ có thay đổi; nhiệm vụ nào không thay đổi, trả lời "không thay đổi" (hoặc "MÃ không thay đổi" cho một nhiệm vụ).',
    ].join('\n'),
  periodRequestLine: (id: string, name: string, last: string) => `• ${id} — ${name} — lần trước: ${last}`,
  periodNothingReported: 'chưa có báo cáo',
  periodChase: (period: string, due: string, agency: string, overdue: boolean) =>
    overdue
      ? `Đôn đốc: ${agency} chưa gửi báo cáo ${period} (hạn ngày ${due} đã qua). Đề nghị gửi ngay bằng /capnhat MÃ ….`
      : `Đôn đốc: ${agency} chưa gửi báo cáo ${period}, hạn ngày ${due}. Đề nghị gửi bằng /capnhat MÃ ….`,
  periodChased: (period: string, agencies: string[]) =>
    agencies.length === 0
      ? `Mọi đơn vị đã báo cáo ${period}; không cần đôn đốc.`
      : [`Đã đôn đốc ${agencies.length} đơn vị chưa báo cáo ${period}:`, ...agencies.map((name) => `• ${name}`)].join('\n'),
  periodBoard: (period: string, due: string, reported: string[], late: string[], missing: string[]) =>
    [
      `${period} — hạn báo cáo ${due}.`,
      `Đã báo cáo (${reported.length}): ${reported.join('; ') || '—'}`,
      `Báo cáo muộn (${late.length}): ${late.join('; ') || '—'}`,
      `Chưa báo cáo (${missing.length}): ${missing.join('; ') || '—'}`,
    ].join('\n'),
};

/** Answering (issue 3): the engine's fixed replies and the sentence frames of its answers. */
export const ANSWER_MESSAGES = {
  empty: (d: Deployment) =>
    `Bạn chưa nhập câu hỏi. Hãy hỏi về ${d.shortProgramme}, ví dụ: "Ai chủ trì xây dựng kho dữ liệu dùng chung?" hoặc "Sở Y tế phải làm gì?".`,
  tooLong: (limit: number) =>
    `Câu hỏi quá dài (tối đa ${limit} ký tự). Vui lòng hỏi ngắn gọn một ý, ví dụ: "Nhiệm vụ nào hạn tháng 12/2025?".`,
  noText:
    'Tôi chưa đọc được câu hỏi (tin nhắn chỉ có biểu tượng hoặc ký hiệu). Vui lòng gõ câu hỏi bằng chữ, ví dụ: "Ai chủ trì nhiệm vụ camera giám sát?".',
  /** Replies to a social turn: thanks, a farewell, an acknowledgement. */
  social: {
    greeting: 'Chào bạn! Tôi là trợ lý tra cứu chương trình, kế hoạch của tỉnh: nhiệm vụ, cơ quan chủ trì, thời hạn, nội dung văn bản. Bạn cứ đặt câu hỏi, ví dụ "Sở Y tế phải làm gì?".',
    thanks: 'Rất vui được giúp bạn! Cần hỏi thêm về nhiệm vụ, thời hạn hay nội dung văn bản, bạn cứ nhắn nhé.',
    farewell: 'Chào bạn, hẹn gặp lại! Khi cần tra cứu, bạn cứ nhắn cho tôi.',
    acknowledged: 'Vâng. Bạn cần hỏi thêm gì cứ nhắn nhé.',
  },
  help: (d: Deployment, documents: string) =>
    [
      // Short enough for a phone screen: a greeting or "bạn là ai" gets this, not a page.
      `Tôi là trợ lý hỏi đáp về ${d.programme} (${documents}). Bạn có thể hỏi:`,
      '• mục tiêu, kinh phí, nội dung văn bản;',
      '• ai chủ trì, phối hợp, hạn của một nhiệm vụ;',
      '• một cơ quan phải làm gì ("Sở Y tế phải làm gì?");',
      '• nhiệm vụ quá hạn, sắp đến hạn.',
    ].join('\n'),
  outOfScope: (d: Deployment) =>
    [
      `Xin lỗi, câu hỏi này nằm ngoài phạm vi của tôi. Tôi chỉ trả lời về ${d.programme} và các văn bản liên quan đã được nạp: nhiệm vụ, cơ quan chủ trì, phối hợp, thời hạn, nguồn vốn và nội dung văn bản.`,
      `Với thủ tục hành chính và các câu hỏi khác, vui lòng xem ${d.portal} hoặc gọi ${d.hotline}.`,
    ].join('\n'),
  otherPlace: (d: Deployment, place: string) =>
    `Tôi chỉ trả lời về ${d.shortProgramme} và các văn bản đã được nạp; không có văn bản nào về ${place}. Với chương trình của địa phương khác, vui lòng xem cổng thông tin điện tử của địa phương đó.`,
  otherDocument: (d: Deployment, loaded: readonly string[]) =>
    `Văn bản bạn hỏi chưa được nạp nên tôi không trả lời về nội dung của nó. Tôi trả lời về ${d.shortProgramme} và các văn bản đã nạp: ${loaded.join('; ')}.`,
  personalData: (d: Deployment) =>
    [
      'Xin lỗi, tôi không cung cấp thông tin cá nhân (số điện thoại, địa chỉ, giấy tờ của cá nhân).',
      `Để liên hệ cơ quan nhà nước, vui lòng xem ${d.website} hoặc gọi ${d.hotline}.`,
    ].join('\n'),
  misuse: (d: Deployment) =>
    [
      `Xin lỗi, tôi không thể làm theo yêu cầu này. Tôi chỉ trả lời câu hỏi về ${d.shortProgramme} và không thay đổi dữ liệu theo yêu cầu trong câu hỏi.`,
      `Cán bộ cập nhật tiến độ nhiệm vụ của đơn vị mình bằng lệnh /capnhat sau khi đăng ký. Câu hỏi khác: ${d.portal} hoặc ${d.hotline}.`,
    ].join('\n'),
  noInformation: (d: Deployment, documents: string) =>
    [
      `Tôi không tìm thấy thông tin này trong ${documents}.`,
      `Bạn có thể hỏi lại bằng tên nhiệm vụ, mã nhiệm vụ hoặc tên cơ quan; hoặc liên hệ ${d.coordinator}, ${d.hotline}.`,
    ].join('\n'),
  error: (d: Deployment) => `Xin lỗi, hệ thống đang gặp sự cố nên chưa trả lời được. Vui lòng thử lại sau ít phút hoặc gọi ${d.hotline}.`,
  officialsUnavailable:
    'Xin lỗi, chức năng cập nhật tiến độ đang tạm gián đoạn (không kết nối được cơ sở dữ liệu). Tin nhắn của bạn CHƯA được lưu; vui lòng gửi lại sau ít phút.',
  clarifyTask: 'Bạn muốn hỏi về nhiệm vụ nào? Hãy nêu tên nhiệm vụ, mã nhiệm vụ (ví dụ CQS2.1) hoặc tên cơ quan.',
  clarifyTarget: 'Bạn muốn hỏi chỉ tiêu nào? Hãy nêu lĩnh vực (ví dụ: dịch vụ công trực tuyến, kinh tế số, kỹ năng số của người dân) hoặc văn bản.',
  clarifyAgency: 'Bạn hỏi về nhiệm vụ của cơ quan nào? Hãy nêu tên cơ quan, ví dụ: "Sở Y tế phải làm gì?". Cán bộ đã đăng ký có thể gửi /nhiemvu để xem nhiệm vụ của đơn vị mình.',
  clarifyChoices: 'Bạn muốn hỏi về nhiệm vụ nào dưới đây? Hãy trả lời bằng mã (ví dụ PL2.11):',
  clarifyRow: (number: string, ids: string[]) => `Có ${ids.length} nhiệm vụ số ${number}: ${ids.join(' hay ')}? Bạn muốn hỏi nhiệm vụ nào?`,
  clarifyDocument: (example: string) => `Bạn hỏi về văn bản nào trong các văn bản đã nạp dưới đây? Hãy nêu số hiệu, ví dụ "${example}":`,
  clarifyDocumentOf: (id: string) => `Mã ${id} có trong nhiều văn bản đã nạp. Bạn hỏi về văn bản nào?`,
  /** `examples`: an id and a code (when the documents print codes) as the documents in scope write them. */
  unknownCode: (code: string, documents: string, examples: string[] = []) =>
    `Không có nhiệm vụ mang mã ${code} trong ${documents}.${examples.length > 0 ? ` Mã nhiệm vụ có dạng ${examples.join(' hoặc ')}.` : ''}`,
  successorNote: (note: string, successor: string) => `Lưu ý: ${note} Dưới đây là nhiệm vụ của ${successor}.`,

  lead: 'Chủ trì',
  partners: 'Phối hợp',
  deadline: 'Thời hạn',
  timeline: 'Lộ trình',
  funding: 'Nguồn vốn',
  result: 'Kết quả',
  content: 'Nội dung',
  none: 'không ghi',
  noLeadPrinted: 'văn bản không ghi cơ quan chủ trì',
  source: 'Nguồn',
  /** Where a table is printed: "Phụ lục II", "Phụ lục", "phần nội dung". */
  appendix: (appendix: number | null) => (appendix === null ? 'phần nội dung' : appendix === 0 ? 'Phụ lục' : `Phụ lục ${toRoman(appendix)}`),
  taskHeading: (name: string) => `Nhiệm vụ: ${name}`,
  codeLabel: (code: string) => `mã ${code}`,
  andMore: (count: number) => `… và ${count} nhiệm vụ khác.`,
  relatedTasks: 'Nhiệm vụ liên quan',

  overdueBy: (days: number) => `đã quá hạn ${days} ngày`,
  deadlineWithStatus: (printed: string, status: string, due: string) => `${printed} (${status}, đến ${due})`,
  dueLabel: (printed: string) => `hạn ${printed}`,
  ledBy: (agency: string) => ` (${agency} chủ trì)`,
  dueToday: 'đến hạn hôm nay',
  daysLeft: (days: number) => `còn ${days} ngày`,
  periodRunning: (days: number) => `đang trong lộ trình, còn ${days} ngày đến hết giai đoạn`,
  ongoing: 'thực hiện thường xuyên',
  yearly: 'thực hiện hằng năm',
  recurring: 'thực hiện định kỳ',
  followUp: 'Theo dõi, đôn đốc',
  responsible: 'Người đứng đầu chịu trách nhiệm',
  printedProgress: 'Tiến độ ghi trong văn bản',
  conditional: 'theo điều kiện, không có ngày cụ thể',
  noDeadline: 'văn bản không ghi thời hạn',

  codeIntro: (code: string, name: string, count: number) => `${code} — ${name}: gồm ${count} nội dung.`,
  duplicateCode: (code: string, count: number) => `Lưu ý: mã ${code} được in ${count} lần (ở các nhóm khác nhau); dưới đây là tất cả.`,
  groupIntro: (code: string, title: string, count: number) => `Nhóm ${code} — ${title}: ${count} nhiệm vụ.`,
  /** One block or group of a table with its task count: "• CQS2. Số hóa hệ thống dịch vụ công (4 nhiệm vụ)". */
  partLine: (code: string, title: string, count: number) => `• ${code ? `${code}. ` : ''}${title} (${count} nhiệm vụ)`,
  /** Before the groups of a lettered block of a table. */
  blockIntro: (code: string, title: string, groups: number, tasks: number) => `Khối ${code} — ${title}: ${tasks} nhiệm vụ, chia làm ${groups} nhóm:`,

  agencySummary: (agency: string, lead: number, partner: number, all: number) =>
    `${agency} chủ trì ${lead} nhiệm vụ` +
    (partner > 0 ? `, phối hợp ${partner} nhiệm vụ` : '') +
    (all > 0 ? `; ngoài ra có ${all} nhiệm vụ giao chung cho tất cả các sở, ban, ngành, địa phương.` : '.'),
  agencyLeadCount: (agency: string, lead: number) => `${agency} chủ trì ${lead} nhiệm vụ.`,
  agencyPartnerCount: (agency: string, partner: number) => `${agency} phối hợp thực hiện ${partner} nhiệm vụ.`,
  agencyWithPartner: (agency: string, partner: string, count: number) => `${partner} phối hợp với ${agency} trong ${count} nhiệm vụ do ${agency} chủ trì.`,
  agencyWithoutPartner: (agency: string, partner: string) => `Không nhiệm vụ nào do ${agency} chủ trì ghi ${partner} phối hợp; dưới đây là các nhiệm vụ của ${agency}.`,
  agencyTopic: (agency: string, count: number) => `${agency} có ${count} nhiệm vụ liên quan:`,
  agencyOthers: (agency: string, count: number) =>
    count > 0 ? `Ngoài ra ${agency} còn ${count} nhiệm vụ khác (xem danh sách đầy đủ bằng câu hỏi "${agency} phải làm gì?").` : '',
  agencyNone: (agency: string, documents: string) => `Không tìm thấy nhiệm vụ nào giao cho ${agency} trong ${documents}.`,
  inAppendix: (appendix: string) => `Trong ${appendix}:`,
  /** Heads one document's row when a question compares the rows of several. */
  inDocument: (document: string) => `Theo ${document}:`,
  noneInAppendix: (agency: string, appendix: string) => `${appendix} không có nhiệm vụ nào giao ${agency} chủ trì hay phối hợp. Các nhiệm vụ khác của ${agency}:`,
  groupLead: (count: number) => `Chủ trì (${count}):`,
  groupPartner: (count: number) => `Phối hợp (${count}):`,
  groupAll: (count: number) => `Giao chung cho tất cả các cơ quan (${count}):`,

  windowIntro: (count: number, label: string) => `Có ${count} nhiệm vụ có hạn trong ${label}:`,
  windowNone: (label: string) =>
    `Không có nhiệm vụ nào có hạn cụ thể trong ${label}. (Các nhiệm vụ "thường xuyên", "hằng năm" hoặc theo giai đoạn 2025-2030 không có hạn riêng trong khoảng này.)`,
  overdueIntro: (count: number, today: string, agency: string | null) =>
    `Tính đến ngày ${today}, ${agency ? `${agency} có` : 'có'} ${count} nhiệm vụ đã quá hạn và chưa có báo cáo hoàn thành:`,
  overdueNone: (today: string, agency: string | null) =>
    `Tính đến ngày ${today}, ${agency ? `${agency} không có` : 'không có'} nhiệm vụ nào đã quá hạn (hoặc các nhiệm vụ đến hạn đều đã báo cáo hoàn thành).`,
  upcomingIntro: (count: number, label: string, agency: string | null) =>
    `Trong ${label}, ${agency ? `${agency} có` : 'có'} ${count} nhiệm vụ đến hạn:`,
  upcomingNone: (label: string, agency: string | null) =>
    `Trong ${label}, ${agency ? `${agency} không có` : 'không có'} nhiệm vụ nào đến hạn.`,
  upcomingNext: (count: number) => (count === 1 ? 'Nhiệm vụ đến hạn gần nhất sau đó:' : `${count} nhiệm vụ đến hạn gần nhất sau đó:`),
  fundingIntro: (count: number, funding: string) => `Có ${count} nhiệm vụ dùng nguồn vốn "${funding}":`,

  /** `where`: "mục II.A.3" or "mục II.A.3 của Kế hoạch 45/KH-UBND". */
  sectionIntro: (where: string) => `Theo ${where}:`,
  sectionOf: (ids: string, document: string | null) => `mục ${ids}${document ? ` của ${document}` : ''}`,
  /** `document`: the document as people name it ("Quyết định 123/QĐ-UBND"). */
  documentSigner: (document: string, date: string | null, signer: string | null, title: string | null) =>
    signer
      ? `${document}${date ? ` ngày ${date}` : ''} do ông/bà ${signer} ký${title ? ` (${title})` : ''}.`
      : `${document} không ghi rõ người ký trong bản đã nạp.`,
  documentEffect: (document: string, effectText: string | null, date: string | null) =>
    `${document} ${effectText ? `quy định: "${effectText}"` : 'không ghi ngày hiệu lực riêng trong bản đã nạp.'}${date ? ` Ngày hiệu lực: ${date}.` : ''}`.trim(),
  documentNumber: (document: string, date: string | null, issuer: string, title: string) =>
    `${document}${date ? ` ngày ${date}` : ''} của ${issuer}: ${title}.`,
  /** `about`: the title without the document's name ("phát triển hạ tầng 5G …"), or null when the title is only the name. */
  documentIdentity: (document: string, date: string | null, issuer: string, about: string | null) =>
    `${document} là văn bản của ${issuer}${date ? `, ban hành ngày ${date}` : ''}.${about ? ` Nội dung: ${about}.` : ''}`,
  /** A document the title carries out, and what its basis says it is about. */
  implementsDocument: (number: string, about: string) => `Văn bản được triển khai ${number}: ${about}.`,
  legalBasisIntro: (document: string) => `${document} được ban hành căn cứ vào:`,
  proposalIntro: (document: string) => `${document} được ban hành:`,
  moreBases: (count: number) => `… và ${count} căn cứ khác.`,
  documentIssued: (document: string, date: string | null, issuer: string) =>
    date ? `${document} được ${issuer} ban hành ngày ${date}.` : `${document} do ${issuer} ban hành; bản đã nạp chưa ghi ngày ban hành.`,
  noSuchAppendix: (document: string, asked: string[], has: string[]) =>
    `${document} không có Phụ lục ${asked.join(', ')}; văn bản có: ${has.join(', ')}.`,
  /** A follow-up about a field the row leaves empty ("Kết quả: văn bản không ghi."). */
  fieldNotPrinted: (name: string) => `${name.charAt(0).toUpperCase()}${name.slice(1)}: văn bản không ghi.`,
  /** One appendix's count: "Phụ lục I (Danh mục …): 33 nhiệm vụ"; `appendix` 0 is an appendix printed without a number, null the body. */
  appendixName: (appendix: number | null) => (appendix === null ? 'Bảng nhiệm vụ' : appendix === 0 ? 'Phụ lục' : `Phụ lục ${toRoman(appendix)}`),
  partsIntro: (document: string, where: string, tasks: number, count: number, blocks: boolean) => `${where} của ${document} có ${tasks} nhiệm vụ, chia làm ${count} ${blocks ? 'khối' : 'nhóm'}:`,
  noParts: (document: string, where: string) => `${where} của ${document} không chia khối hay nhóm: các nhiệm vụ được liệt kê liền nhau.`,
  appendixCount: (appendix: number | null, titles: string[], count: { numbered: number; unnumbered: number }) => {
    const where = ANSWER_MESSAGES.appendixName(appendix);
    const titled = titles.length === 1 ? ` (${titles[0]!})` : titles.length > 1 ? ` (${titles.map((title) => clip(title, 90)).join('; ')})` : '';
    const rows = count.unnumbered > 0 ? `${count.numbered} nhiệm vụ đánh số, thêm ${count.unnumbered} dòng không đánh số (tổng ${count.numbered + count.unnumbered} dòng)` : `${count.numbered} nhiệm vụ`;
    return `${where}${titled}: ${rows}`;
  },
  tableCountOne: (document: string, part: string) => `${document} — ${part}.`,
  /** Before the tasks of a document, or of its appendices named. */
  documentTasksIntro: (document: string, where: string | null, count: number) => `${where ? `${where} của ${document}` : document} có ${count} nhiệm vụ:`,
  tableCountMany: (document: string, parts: number, total: { numbered: number; unnumbered: number }) =>
    `${document} có ${parts} phụ lục (bảng nhiệm vụ), tổng cộng ${total.numbered + total.unnumbered} nhiệm vụ:`,
  /** "1. Mục đích (mục I.1 của QĐ …):" before a part's items. */
  partIntro: (heading: string, where: string) => `${clip(heading, 120)} (${where}):`,
  /** Before a field that every task just discussed prints alike. */
  sameForAll: (count: number) => `Cả ${count} nhiệm vụ vừa nêu đều như sau:`,
  /** A field asked of every item of the list just given; `shown` of `total` items. */
  eachOfThem: (shown: number, total: number) => (shown === total ? `Từng nhiệm vụ trong danh sách vừa rồi:` : `${shown} nhiệm vụ đầu trong ${total} nhiệm vụ vừa liệt kê:`),
  /** The day a quoted rule sets, in the quarter asked about. */
  dueInWindow: (window: string, date: string) => `Với ${window}: trước ngày ${date}.`,
  /** Where to ask about the programme: the channels a row of the documents sets up, which name the hotline. */
  askWhere: (hotline: string) => `Bạn có thể hỏi qua các kênh hỏi đáp chương trình xây dựng, trong đó có Tổng đài ${hotline}:`,
  andMoreItems: (count: number) => `… và ${count} mục khác.`,
  /** The label of the loaded documents as a whole, when a sentence speaks of all of them. */
  loadedDocuments: (count: number) => `${count} văn bản đã nạp`,
} as const;

/** Wording used only when a language model's reading of a question is answered (src/engine/assisted.ts). */
export const ASSIST_MESSAGES = {
  /** A date window the model read from the question, both ends as dd/mm/yyyy. */
  windowLabel: (from: string, to: string) => `khoảng từ ${from} đến ${to}`,
} as const;

/** The names of date windows as answers say them ("trong tháng 12/2025", "trong quý I/2026"). */
export const WINDOW_LABELS = {
  month: (month: number, year: number) => `tháng ${month}/${year}`,
  quarter: (roman: string, year: number) => `quý ${roman}/${year}`,
  year: (year: number) => `năm ${year}`,
  next: (count: number, unit: 'ngay' | 'tuan' | 'thang' | 'nam') => `${count} ${{ ngay: 'ngày', tuan: 'tuần', thang: 'tháng', nam: 'năm' }[unit]} tới`,
  thisWeek: 'tuần này',
  nextWeek: 'tuần sau',
  untilYearEnd: (year: number) => `từ nay đến cuối năm ${year}`,
  untilMonthEnd: (month: number, year: number) => `từ nay đến hết tháng ${month}/${year}`,
  beforeMonth: (month: number, year: number) => `từ nay đến trước tháng ${month}/${year}`,
  untilQuarterEnd: (roman: string, year: number) => `từ nay đến hết quý ${roman}/${year}`,
  next30Days: '30 ngày tới',
  /** Between windows named side by side and answered as one: "tháng 3/2026 và tháng 4/2026". */
  joiner: ' và ',
} as const;

/** `npm run zalo:login` (src/cli/zalo-login.ts): what the operator who scans the QR code reads. */
export const ZALO_LOGIN_MESSAGES = {
  scanQr: (qrPath: string) => `Mở ứng dụng Zalo trên điện thoại và quét mã QR trong tệp: ${qrPath}`,
  qrExpiredRetry: (attempt: number, max: number) => `Mã QR đã hết hạn; đang tạo mã mới (lần ${attempt}/${max})…`,
  qrExpiredGaveUp: (times: number) =>
    `Mã QR đã hết hạn ${times} lần mà chưa được quét; chưa lưu thông tin đăng nhập nào. Chạy lại "npm run zalo:login" khi sẵn sàng quét mã.`,
  scanned: 'Đã quét mã; hãy xác nhận đăng nhập trên điện thoại.',
  declined:
    'Đăng nhập bị từ chối trên điện thoại; chưa lưu thông tin đăng nhập nào. Chạy lại "npm run zalo:login" và chọn "Đăng nhập" trên điện thoại để thử lại.',
  noLoginInfo: 'Không nhận được thông tin đăng nhập từ Zalo; chưa lưu gì. Chạy lại "npm run zalo:login".',
  failed: (detail: string) => `Không đăng nhập được Zalo: ${detail}. Chạy lại "npm run zalo:login".`,
  saved: (credentialsPath: string) =>
    `Đã lưu thông tin đăng nhập vào ${credentialsPath}. Đặt ZALO_PERSONAL_ENABLED=true rồi chạy npm start.`,
} as const;


/** The coordinator console (`/admin`, src/console/) and staff sign-in, in chat and on its pages. */
export const CONSOLE_MESSAGES = {
  /** Replies to `/dangnhap` in chat. */
  chat: {
    code: (code: string, link: string, area: 'admin' | 'desk', expires: string) =>
      [
        `Mã đăng nhập ${area === 'admin' ? 'trang quản trị (dành cho cán bộ điều phối)' : 'bàn trực tổng đài'}: ${code}`,
        `Mở đường dẫn sau rồi bấm "Đăng nhập": ${link}`,
        `Mã dùng một lần, hết hạn sau 10 phút (lúc ${expires}). Không chuyển mã này cho người khác.`,
      ].join('\n'),
    notAllowed: 'Trang quản trị chỉ dành cho cán bộ điều phối (và bàn trực dành cho điện thoại viên). Nếu anh/chị cần quyền này, vui lòng liên hệ quản trị viên.',
    unavailable: 'Trang quản trị trên web chưa được bật trên máy chủ này.',
    sentPrivately: 'Đã gửi mã đăng nhập vào tin nhắn riêng của anh/chị với trợ lý.',
    privateOnly: 'Vì an toàn, mã đăng nhập chỉ gửi trong tin nhắn riêng. Vui lòng nhắn "/dangnhap" trực tiếp cho trợ lý.',
  },
  /** What every staff area (`/admin`, `/desk`) shares: frame, sign-in page, refusals. */
  staff: {
    areaName: { admin: 'Trang quản trị điều phối', desk: 'Bàn trực tổng đài' } as Record<'admin' | 'desk', string>,
    skipToContent: 'Chuyển đến nội dung chính',
    navLabel: (area: string) => `Mục của ${area.toLocaleLowerCase('vi')}`,
    signedInAs: (name: string) => `Đang đăng nhập: ${name}`,
    signOut: 'Đăng xuất',
    signInTitle: (area: string) => `Đăng nhập ${area.toLocaleLowerCase('vi')}`,
    codeLabel: 'Mã đăng nhập (8 ký tự)',
    codeHelp: 'Mã gồm chữ in hoa và chữ số, không phân biệt hoa thường; có thể gõ kèm dấu gạch ngang hoặc khoảng trắng.',
    signInButton: 'Đăng nhập',
    howTitle: 'Lấy mã đăng nhập thế nào?',
    howSteps: (area: 'admin' | 'desk'): string[] => [
      'Mở Telegram hoặc Zalo, vào cuộc trò chuyện riêng với trợ lý bằng tài khoản đã đăng ký.',
      'Gửi "/dangnhap" (hoặc "cho tôi mã đăng nhập").',
      `Trợ lý trả lời bằng mã và đường dẫn tới trang này; mở đường dẫn hoặc gõ mã vào ô trên rồi bấm "Đăng nhập".`,
      `Mã dùng một lần và hết hạn sau 10 phút; phiên đăng nhập ${area === 'admin' ? 'trang quản trị' : 'bàn trực'} kết thúc khi bấm "Đăng xuất" hoặc khi hết thời hạn.`,
    ],
    whoMay: (area: 'admin' | 'desk') =>
      area === 'admin'
        ? 'Chỉ cán bộ điều phối (được đăng ký với vai trò điều phối) vào được trang quản trị. Trang web chat không cấp mã đăng nhập.'
        : 'Chỉ điện thoại viên và cán bộ điều phối đã đăng ký vào được bàn trực. Trang web chat không cấp mã đăng nhập.',
    codeRefused: 'Mã không đúng, đã được dùng hoặc đã hết hạn, hoặc tài khoản không có quyền vào trang này. Vui lòng gửi "/dangnhap" để lấy mã mới.',
    tooManyAttempts: 'Bạn đã thử quá nhiều lần. Vui lòng chờ một phút rồi thử lại.',
    refusedTitle: 'Không thực hiện được yêu cầu',
    csrfRefused: 'Yêu cầu không đến từ trang quản trị của máy chủ này (thiếu hoặc sai mã bảo vệ biểu mẫu). Vui lòng tải lại trang rồi thử lại.',
    badForm: 'Biểu mẫu gửi lên không đọc được. Vui lòng tải lại trang rồi thử lại.',
    backHome: 'Về trang chính',
  },
  /** The coordinator console's pages. */
  admin: {
    notFound: 'Không có trang này',
    nav: { dashboard: 'Tổng quan', periods: 'Kỳ báo cáo', officials: 'Cán bộ và mã mời', reports: 'Tải báo cáo' },
    standing: { done: 'Hoàn thành', reported: 'Đã báo cáo, đang thực hiện', overdue: 'Quá hạn', not_reported: 'Chưa có báo cáo' } as Record<'done' | 'reported' | 'overdue' | 'not_reported', string>,
    dashboard: {
      title: 'Tổng quan tiến độ',
      lede: (today: string) =>
        `Số liệu ngày ${today}, tính theo cùng quy tắc với câu trả lời cho người dân và lệnh /baocao: hoàn thành theo báo cáo mới nhất của đơn vị chủ trì, quá hạn khi qua thời hạn mà chưa hoàn thành.`,
      tasks: 'Nhiệm vụ',
      byBlock: 'Tiến độ theo khối nhiệm vụ',
      byBlockDesc: (count: number) => `Biểu đồ thanh ngang: ${count} khối, mỗi thanh chia theo số nhiệm vụ hoàn thành, đang thực hiện, quá hạn và chưa có báo cáo.`,
      byAgency: 'Tiến độ theo đơn vị chủ trì',
      byAgencyDesc: (count: number) => `Biểu đồ thanh ngang: ${count} đơn vị, mỗi thanh chia theo trạng thái báo cáo mới nhất của đơn vị trên các nhiệm vụ đơn vị chịu trách nhiệm.`,
      overdueByAgency: 'Nhiệm vụ quá hạn theo đơn vị',
      overdueDesc: (count: number) => `Biểu đồ thanh ngang: số nhiệm vụ quá hạn của ${count} đơn vị, nhiều nhất trước.`,
      byQuarter: 'Thời hạn nhiệm vụ theo quý',
      byQuarterDesc: (count: number) => `Biểu đồ cột: số nhiệm vụ đến hạn trong mỗi quý (${count} quý), chia theo trạng thái hiện nay.`,
      block: 'Khối',
      agency: 'Đơn vị',
      quarter: 'Quý',
      total: 'Tổng',
      showTable: 'Xem bảng số liệu',
      empty: 'Chưa có số liệu.',
      noOverdue: 'Không có nhiệm vụ quá hạn.',
    },
    periods: {
      title: 'Kỳ báo cáo',
      lede: 'Đơn vị đã báo cáo khi có cán bộ lưu cập nhật, ý kiến hoặc "không thay đổi" trong kỳ; báo cáo sau hạn được tính là muộn. Nút "Đôn đốc" gửi một tin nhắn tới mọi cán bộ của đơn vị chưa báo cáo, mỗi ngày một lần.',
      heading: (label: string, due: string, current: boolean) => `${current ? 'Kỳ hiện tại' : 'Kỳ trước'}: ${label} (hạn ${due})`,
      summary: (reported: number, late: number, missing: number) => `Đúng hạn: ${reported} đơn vị · Muộn: ${late} · Chưa báo cáo: ${missing}.`,
      agency: 'Đơn vị',
      state: 'Tình trạng',
      officials: 'Số cán bộ',
      action: 'Đôn đốc',
      notReported: 'Chưa báo cáo',
      reportedOn: (date: string) => `Đã báo cáo ${date}`,
      lateOn: (date: string) => `Báo cáo muộn ${date}`,
      chasedToday: 'Đã đôn đốc hôm nay',
      noOfficials: 'Chưa có cán bộ',
      chase: 'Đôn đốc',
      chaseOneLabel: (agency: string) => `Đôn đốc ${agency}`,
      chaseAll: (count: number) => `Đôn đốc tất cả đơn vị chưa báo cáo (${count} đơn vị có cán bộ)`,
      chased: (sent: number, agencies: number, failed: number) =>
        `Đã gửi ${sent} tin đôn đốc tới ${agencies} đơn vị.${failed > 0 ? ` ${failed} tin chưa gửi được; lần đôn đốc sau sẽ gửi lại.` : ''}${sent === 0 && failed === 0 ? ' (Không còn đơn vị nào cần đôn đốc hôm nay.)' : ''}`,
      busy: 'Một lượt đôn đốc hoặc nhắc hạn khác đang chạy. Vui lòng thử lại sau ít phút.',
      adhocHeading: (label: string, due: string, open: boolean) => `${open ? 'Đang mở' : 'Đã qua hạn'}: ${label} (hạn ${due})`,
      adhocTitle: 'Mở kỳ báo cáo đột xuất',
      adhocHelp: 'Mọi đơn vị có nhiệm vụ nhận đề nghị báo cáo ngay qua kênh nhắn tin của cán bộ, và được nhắc lại trước hạn; báo cáo sau hạn được tính là muộn.',
      adhocName: 'Nội dung yêu cầu báo cáo',
      adhocDue: 'Hạn báo cáo',
      adhocSubmit: 'Mở kỳ và gửi đề nghị báo cáo',
      adhocOpened: (label: string, due: string, sent: number, failed: number) =>
        `Đã mở ${label}, hạn ${due}; đã gửi ${sent} tin đề nghị báo cáo.${failed > 0 ? ` ${failed} tin chưa gửi được; lượt nhắc kế tiếp sẽ gửi lại.` : ''}`,
      adhocExisted: (label: string, due: string) => `${label} (hạn ${due}) đã được mở trước đó; không gửi lại đề nghị.`,
      adhocBadDue: 'Hạn báo cáo phải là một ngày từ hôm nay trở đi.',
      adhocBadTitle: 'Vui lòng ghi nội dung yêu cầu báo cáo (tối đa 200 ký tự).',
      noChannel: 'Chưa có kênh nhắn tin nào (Telegram, Zalo) đang chạy trên máy chủ này nên chưa đôn đốc được.',
    },
    officials: {
      title: 'Cán bộ và mã mời',
      lede: 'Quản lý cán bộ ngay khi hệ thống đang chạy: tạo mã mời cho đơn vị, ngừng tài khoản của cán bộ đã chuyển công tác.',
      inviteTitle: 'Tạo mã mời',
      agency: 'Đơn vị',
      chooseAgency: '— Chọn đơn vị —',
      role: 'Vai trò',
      roles: { official: 'Cán bộ', coordinator: 'Cán bộ điều phối', operator: 'Điện thoại viên' } as Record<string, string>,
      channels: { telegram: 'Telegram', 'zalo-oa': 'Zalo OA', 'zalo-bot': 'Zalo Bot', zalo: 'Zalo cá nhân' } as Record<string, string>,
      inviteHelp: (hours: number) => `Mã dùng một lần, hết hạn sau ${hours} giờ. Cán bộ gửi "/dangky MÃ" cho trợ lý trên Telegram hoặc Zalo.`,
      createInvite: 'Tạo mã mời',
      inviteCreated: (agency: string, role: string, until: string) => `Đã tạo mã mời cho ${agency} (${role}), hết hạn lúc ${until}. Mã chỉ hiện một lần:`,
      inviteHowTo: (code: string) => `Gửi mã cho cán bộ qua kênh chính thức; cán bộ nhắn "/dangky ${code}" cho trợ lý.`,
      unknownAgency: 'Đơn vị không có trong danh sách đơn vị được giao nhiệm vụ.',
      listTitle: (count: number) => `Cán bộ đang hoạt động: ${count}`,
      name: 'Họ tên',
      channel: 'Kênh, tài khoản',
      state: 'Trạng thái',
      action: 'Thao tác',
      active: 'Đang hoạt động',
      removedOn: (date: string) => `Đã ngừng ${date}`,
      nameUnconfirmed: 'chưa xác nhận tên',
      deactivate: 'Ngừng',
      deactivateLabel: (name: string) => `Ngừng tài khoản của ${name}`,
      you: 'Tài khoản của bạn',
      none: 'Chưa có cán bộ nào.',
      deactivated: (name: string) => `Đã ngừng tài khoản của ${name}. Lịch sử cập nhật của cán bộ vẫn được giữ.`,
      cannotDeactivate: 'Không ngừng được tài khoản này (không tồn tại, hoặc là tài khoản của chính bạn).',
      invitesTitle: 'Mã mời gần đây',
      inviteMade: 'Tạo lúc',
      noInvites: 'Chưa có mã mời nào còn hạn.',
      inviteUsed: 'Đã dùng',
      inviteUntil: (until: string) => `Còn hạn đến ${until}`,
    },
    reports: {
      title: 'Tải báo cáo tổng hợp',
      lede: 'Báo cáo tổng hợp của kỳ: nhiệm vụ hoàn thành, đúng tiến độ, chậm, chưa báo cáo, với cập nhật mới nhất của từng đơn vị, dưới dạng văn bản Word hoặc bảng tính Excel.',
      wholeProgramme: 'Toàn Chương trình',
      oneAgency: 'Theo đơn vị',
      period: 'Kỳ báo cáo',
      due: 'Hạn báo cáo',
      word: 'Word',
      excel: 'Excel',
      docx: 'Tải .docx',
      xlsx: 'Tải .xlsx',
      agency: 'Đơn vị',
      allAgencies: 'Tất cả đơn vị',
      downloadDocx: 'Tải Word (.docx)',
      downloadXlsx: 'Tải Excel (.xlsx)',
      badPeriod: 'Kỳ báo cáo không hợp lệ (dạng 2026-Q4, hoặc DX1 cho kỳ đột xuất).',
      badFormat: 'Chọn định dạng .docx hoặc .xlsx.',
      unknownAgency: 'Không có đơn vị này trong báo cáo.',
    },
  },
} as const;

/** The 1022 desk (issue 13): the handoff in chat (src/engine/steps/desk.ts) and the operators' pages (src/desk/pages.ts). */
export const DESK_MESSAGES = {
  offer: (d: Deployment) => `Bạn có muốn chuyển cho tổng đài viên ${d.hotlineNumber} không? Có / Không`,
  /** After the second answer in a row that could not help. */
  offerAfterFailures: (d: Deployment) => `Trợ lý chưa trả lời được hai câu hỏi liền nhau của bạn. Bạn có muốn chuyển cho tổng đài viên ${d.hotlineNumber} không? Có / Không`,
  yes: 'Có',
  no: 'Không',
  queued: (ahead: number) =>
    [
      ahead === 0
        ? 'Đã chuyển cuộc trò chuyện cho tổng đài viên. Bạn là người tiếp theo trong hàng chờ.'
        : `Đã chuyển cuộc trò chuyện cho tổng đài viên. Có ${ahead} người đang chờ trước bạn.`,
      'Tổng đài viên sẽ trả lời ngay trong cuộc trò chuyện này; bạn có thể nhắn thêm chi tiết. Gõ "kết thúc" khi không cần hỗ trợ nữa.',
    ].join(' '),
  /** Appended to `queued` outside the working hours (DESK_HOURS). */
  afterHours: (hours: string, next: string | null, d: Deployment) =>
    `Hiện đang ngoài giờ làm việc của tổng đài (${hours}, giờ Việt Nam)${next ? `; tổng đài viên sẽ trả lời từ ${next}` : ''}. Việc gấp, vui lòng gọi ${d.hotline}.`,
  /** "07:30 thứ Hai, 07/12/2026". */
  opening: (time: string, weekday: number, date: string) => `${time} ${['Chủ nhật', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy'][weekday] ?? ''}, ${date}`,
  declined: 'Vâng, bạn cứ tiếp tục hỏi trợ lý. Khi cần, nhắn "gặp tổng đài viên" để được chuyển.',
  /** Told once: the messages that follow go to the operator (and get no reply from the assistant). */
  forwarded: 'Đã chuyển tin nhắn của bạn cho tổng đài viên. Các tin nhắn tiếp theo cũng được chuyển; tổng đài viên sẽ trả lời tại đây.',
  ended: 'Đã kết thúc cuộc trò chuyện với tổng đài viên. Cảm ơn bạn! Bạn có thể tiếp tục hỏi trợ lý.',
  unavailable: (d: Deployment) => `Hiện chưa chuyển được cho tổng đài viên. Vui lòng thử lại sau ít phút hoặc gọi ${d.hotline}.`,
  /** An operator's reply as the citizen receives it on their channel. */
  fromOperator: (d: Deployment, text: string) => `Tổng đài viên ${d.hotlineNumber}: ${text}`,
  closedByOperator: 'Tổng đài viên đã kết thúc cuộc trò chuyện. Cảm ơn bạn! Bạn có thể tiếp tục hỏi trợ lý.',
  /** How the assistant cites a saved answer. */
  savedAnswerSource: (d: Deployment, date: string) => `Câu trả lời của Tổng đài ${d.hotlineNumber} (đã duyệt ngày ${date})`,
  savedAnswer: (answer: string, source: string) => `${answer}\n\n— ${source}`,
  /** The web chat's label of an operator's message. */
  operatorLabel: 'Tổng đài viên',
  /** The desk's pages. */
  page: {
    title: 'Bàn trực tổng đài',
    queue: 'Hàng chờ',
    queueEmpty: 'Không có ai đang chờ.',
    mine: 'Đang trao đổi',
    mineEmpty: 'Chưa có cuộc trò chuyện nào đang mở.',
    recent: 'Đã kết thúc gần đây',
    recentEmpty: 'Chưa có cuộc trò chuyện nào kết thúc.',
    refreshNote: (seconds: number) => `Trang đang tự làm mới sau mỗi ${seconds} giây.`,
    refresh: 'Làm mới',
    refreshOn: (seconds: number) => `Tự làm mới mỗi ${seconds} giây`,
    refreshOff: 'Tắt tự làm mới',
    signedInAs: (name: string) => `Đăng nhập: ${name}`,
    signOut: 'Đăng xuất',
    hours: (hours: string, open: boolean) => `Giờ làm việc: ${hours} — ${open ? 'đang trong giờ' : 'ngoài giờ'}`,
    columns: { who: 'Người hỏi', channel: 'Kênh', waiting: 'Chờ', first: 'Câu hỏi đầu', status: 'Trạng thái', operator: 'Tổng đài viên' },
    waited: (minutes: number) => (minutes < 60 ? `${minutes} phút` : `${Math.floor(minutes / 60)} giờ ${minutes % 60} phút`),
    citizen: (id: number) => `Người hỏi #${id}`,
    open: 'Mở',
    statuses: { queued: 'Đang chờ', open: 'Đang trao đổi', closed: 'Đã kết thúc', offered: 'Đang hỏi ý kiến' } as Record<string, string>,
    conversation: (id: number) => `Cuộc trò chuyện #${id}`,
    back: 'Về hàng chờ',
    earlier: 'Trợ lý đã trả lời trước khi chuyển',
    history: 'Cuộc trò chuyện',
    authors: { citizen: 'Người hỏi', assistant: 'Trợ lý', operator: 'Tổng đài viên' } as Record<string, string>,
    delivery: { sent: 'đã gửi', stored: 'chờ trang web nhận', failed: 'chưa gửi được', none: '' } as Record<string, string>,
    claim: 'Nhận trả lời',
    claimed: 'Bạn đã nhận trả lời cuộc trò chuyện này.',
    claimedBy: (name: string) => `Đang do ${name} trả lời.`,
    reply: 'Trả lời',
    replyLabel: 'Câu trả lời gửi người hỏi',
    send: 'Gửi',
    close: 'Kết thúc cuộc trò chuyện',
    closed: 'Cuộc trò chuyện đã kết thúc.',
    save: 'Lưu làm câu trả lời mẫu',
    saveHint: 'Trợ lý sẽ dùng câu trả lời mẫu cho những câu hỏi giống vậy, kèm ghi chú "đã duyệt". Bỏ thông tin cá nhân trước khi lưu (số điện thoại, số CCCD, email và họ tên trong câu hỏi được tự động ẩn).',
    saveQuestion: 'Câu hỏi',
    saveAnswer: 'Câu trả lời',
    saved: (id: number) => `Đã lưu câu trả lời mẫu #${id}.`,
    savedAnswers: 'Câu trả lời mẫu',
    savedBy: (name: string, date: string) => `${name} duyệt ngày ${date}`,
    sent: 'Đã gửi câu trả lời.',
    sentToWeb: 'Đã lưu câu trả lời; người hỏi trên trang web sẽ thấy khi trang của họ cập nhật.',
    sendFailed: 'Chưa gửi được câu trả lời qua kênh của người hỏi; câu trả lời vẫn được lưu.',
    /** The citizen's channel delivers only to people who wrote recently (Zalo OA: 7 days); final for this reply. */
    sendUnreachable: 'Chưa gửi được: kênh của người hỏi chỉ cho gửi tới người đã nhắn gần đây. Câu trả lời vẫn được lưu nhưng sẽ không tự gửi lại; hãy gửi lại sau khi người hỏi nhắn tiếp, hoặc gọi lại cho họ nếu có số điện thoại.',
    takenByOther: 'Cuộc trò chuyện này đang do tổng đài viên khác trả lời.',
    empty: 'Vui lòng nhập nội dung.',
    tooLong: (max: number) => `Nội dung dài quá ${max} ký tự.`,
    notFound: 'Không tìm thấy cuộc trò chuyện này (có thể đã hết thời hạn lưu).',
    forbidden: 'Phiên làm việc không hợp lệ. Vui lòng tải lại trang rồi thử lại.',
    skip: 'Chuyển đến nội dung chính',
    channels: { telegram: 'Telegram', 'zalo-oa': 'Zalo OA', 'zalo-bot': 'Zalo Bot', zalo: 'Zalo', web: 'Trang web', cli: 'Dòng lệnh' } as Record<string, string>,
  },
} as const;

/**
 * The officials CLI relayed to the running server that holds the embedded store (src/cli/officials-relay.ts): what
 * the administrator reads when it cannot be relayed, and the internal endpoint's refusals.
 */
export const OFFICIALS_RELAY_MESSAGES = {
  notRelayed: (lockedMessage: string, pid: number | null, reason: string) =>
    `${lockedMessage}\nKhông chuyển được lệnh cho máy chủ đang giữ kho${pid === null ? '' : ` (tiến trình pid ${pid})`}: ${reason}.`,
  noFile: (file: string) => `không có tệp ${file} (máy chủ chưa khởi động xong, không phải "npm start", hoặc là phiên bản chưa nhận lệnh chuyển tiếp)`,
  unreadableFile: (file: string, detail: string) => `không đọc được tệp ${file} (${detail})`,
  staleFile: (file: string, filePid: number, holderPid: number) =>
    `tệp ${file} là của tiến trình pid ${filePid} đã dừng, không phải của tiến trình pid ${holderPid} đang giữ kho`,
  noAnswer: (port: number, detail: string) => `máy chủ không trả lời tại 127.0.0.1:${port} (${detail})`,
  refused: (status: number, detail: string) => `máy chủ từ chối lệnh (HTTP ${status}${detail ? `: ${detail}` : ''})`,
  badAnswer: 'máy chủ trả lời không đúng định dạng',
  forbidden: 'Chỉ nhận lệnh quản trị từ chính máy chủ này, kèm mã truy cập hợp lệ.',
  forwarded: 'Không nhận lệnh quản trị chuyển qua proxy hay từ trình duyệt.',
  notFound: 'Không có địa chỉ này.',
  badRequest: 'Yêu cầu phải là JSON {"args": ["list", …]}.',
  failed: (detail: string) => `Lỗi: ${detail}`,
} as const;
