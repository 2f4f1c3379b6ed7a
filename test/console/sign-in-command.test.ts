/** The officials' parser reads a request for a staff sign-in code ("/dangnhap" and natural phrasings), and not a question. */
import { describe, expect, it } from 'vitest';
import { codePrefixesOf, createReferenceParser } from '../../src/documents/references.ts';
import { parseCommand } from '../../src/officials/commands.ts';
import { DOCUMENT_ID, tasks } from '../fixtures/officials-knowledge.ts';

const parser = createReferenceParser({ codePrefixes: codePrefixesOf(tasks.map((task) => task.code)), documentIds: [DOCUMENT_ID] });
const kind = (text: string) => parseCommand(text, parser)?.command.kind ?? null;

describe('a request for a sign-in code', () => {
  it('is read from the slash command and from natural phrasings, with or without diacritics', () => {
    for (const text of ['/dangnhap', '/dangnhap@assistant_test_bot', 'đăng nhập trang quản trị', 'cho e mã đăng nhập', 'cho em xin link đăng nhập ạ', 'dang nhap trang quan tri', 'ma dang nhap', 'Đăng nhập']) {
      expect(kind(text), text).toBe('signIn');
    }
  });

  it('is not a question about signing in somewhere, nor a longer message that mentions it', () => {
    for (const text of ['đăng nhập cổng dịch vụ công thế nào?', 'làm sao để đăng nhập vào hệ thống định danh điện tử', 'đăng ký mã ABCD-2345']) {
      expect(kind(text), text).not.toBe('signIn');
    }
  });
});
