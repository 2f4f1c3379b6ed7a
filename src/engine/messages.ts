/**
 * Every fixed user-facing sentence, in Vietnamese, in one module. Code elsewhere never writes a user-facing
 * sentence inline; it picks one from here (functions where the sentence has slots).
 * Each area keeps its own exported object below; append new areas at the end.
 */

export const HELP_WHERE_ELSE =
  'Với thủ tục hành chính, vui lòng xem Cổng dịch vụ công tỉnh Hưng Yên hoặc gọi Tổng đài hỏi đáp 1022.';
