import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { type CryptoKeys, decryptMessage, sealMessage, verifySignature } from '../../src/wecom/crypto';
import {
  buildEncryptedReplyXml,
  buildEnvelopeXml,
  buildInboundXml,
  DEDUPE_KEY_MAX_LENGTH,
  dedupeKey,
  parseEncryptedReplyXml,
  parseEnvelope,
  parseInbound,
} from '../../src/wecom/envelope';
import { ValidationError, XmlError } from '../../src/wecom/errors';
import type { InboundMessage, TemplateCardEvent } from '../../src/wecom/inbound';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'wecom', name), 'utf8');

const OFFICIAL: CryptoKeys = {
  token: 'QDG6eK',
  encodingAESKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  receiveId: 'wx5823bf96d3bd56c7',
};
const A2_ENCRYPT =
  'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==';
/** The A2 POST body as the PHP sample and the doc show it (with AgentID). */
const A2_BODY = `<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><AgentID><![CDATA[218]]></AgentID><Encrypt><![CDATA[${A2_ENCRYPT}]]></Encrypt></xml>`;

function xmlError(fn: () => unknown): XmlError {
  try {
    fn();
  } catch (error) {
    if (error instanceof XmlError) return error;
    throw error;
  }
  throw new Error('expected an XmlError, nothing was thrown');
}

/** A minimal valid text plaintext with one line replaced or removed, for rejection cases. */
function textXml(replace: Record<string, string | null> = {}): string {
  const lines: [string, string][] = [
    ['ToUserName', '<ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>'],
    ['FromUserName', '<FromUserName><![CDATA[mycreate]]></FromUserName>'],
    ['CreateTime', '<CreateTime>1409659813</CreateTime>'],
    ['MsgType', '<MsgType><![CDATA[text]]></MsgType>'],
    ['Content', '<Content><![CDATA[hello]]></Content>'],
    ['MsgId', '<MsgId>4561255354251345929</MsgId>'],
  ];
  const body = lines
    .map(([name, line]) => (name in replace ? replace[name] : line))
    .filter((line): line is string => line !== null)
    .join('\n');
  return `<xml>${body}\n</xml>`;
}

describe('parseEnvelope', () => {
  test('the A2 POST body, with AgentID', () => {
    expect(parseEnvelope(A2_BODY)).toStrictEqual({ toUserName: 'wx5823bf96d3bd56c7', agentId: '218', encrypt: A2_ENCRYPT });
  });

  test('without AgentID (the official C# sample) agentId is absent', () => {
    const body = `<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[${A2_ENCRYPT}]]></Encrypt></xml>`;
    expect(parseEnvelope(body)).toStrictEqual({ toUserName: 'wx5823bf96d3bd56c7', encrypt: A2_ENCRYPT });
  });

  test('pretty-printed, with an XML declaration and without CDATA', () => {
    const body = `<?xml version="1.0" encoding="utf-8"?>\n<xml>\n  <ToUserName>wx5823bf96d3bd56c7</ToUserName>\n  <Encrypt>\n    ${A2_ENCRYPT}\n  </Encrypt>\n</xml>\n`;
    expect(parseEnvelope(body).encrypt).toBe(A2_ENCRYPT);
  });

  test('buildEnvelopeXml is the inverse, and matches the documented layout', () => {
    const envelope = { toUserName: 'wx5823bf96d3bd56c7', agentId: '218', encrypt: A2_ENCRYPT };
    expect(buildEnvelopeXml(envelope)).toBe(A2_BODY);
    expect(parseEnvelope(buildEnvelopeXml(envelope))).toStrictEqual(envelope);
    const noAgent = { toUserName: 'wx5823bf96d3bd56c7', encrypt: A2_ENCRYPT };
    expect(parseEnvelope(buildEnvelopeXml(noAgent))).toStrictEqual(noAgent);
  });

  test('end to end: parse, verify, decrypt, parse the plaintext (vector A2)', () => {
    const { encrypt } = parseEnvelope(A2_BODY);
    expect(() =>
      verifySignature(OFFICIAL.token, '1409659813', '1372623149', encrypt, '477715d11cdb4164915debcba66cb864d751f3e6'),
    ).not.toThrow();
    const message = parseInbound(decryptMessage(OFFICIAL, encrypt));
    expect(message).toMatchObject({ kind: 'text', content: 'hello', msgId: '4561255354251345929' });
  });

  test.each([
    ['empty body', ''],
    ['whitespace only', ' \n '],
    ['missing Encrypt', '<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName></xml>'],
    ['empty Encrypt', '<xml><ToUserName><![CDATA[wx]]></ToUserName><Encrypt><![CDATA[]]></Encrypt></xml>'],
    ['two Encrypt elements', `<xml><Encrypt>${A2_ENCRYPT}</Encrypt><Encrypt>AAAA</Encrypt></xml>`],
    ['unclosed tag', `<xml><ToUserName>wx</ToUserName><Encrypt>${A2_ENCRYPT}</xml>`],
    ['unclosed root', `<xml><Encrypt>${A2_ENCRYPT}</Encrypt>`],
    ['not XML', 'encrypt=abc'],
    ['JSON', '{"encrypt":"abc"}'],
    ['root other than xml', `<root><Encrypt>${A2_ENCRYPT}</Encrypt></root>`],
    ['two roots', `<xml><Encrypt>${A2_ENCRYPT}</Encrypt></xml><xml/>`],
    ['text outside the root', `<xml><Encrypt>${A2_ENCRYPT}</Encrypt></xml>trailing`],
    ['Encrypt holding elements', '<xml><Encrypt><a>b</a></Encrypt></xml>'],
    ['XXE', fixture('xxe.xml')],
    ['billion laughs', fixture('billion-laughs.xml')],
  ])('%s → XmlError', (_name, body) => {
    expect(xmlError(() => parseEnvelope(body)).code).toBe('xml_invalid');
  });
});

describe('hostile XML is refused before the parser runs', () => {
  const hostile: [string, string][] = [
    ['XXE: DOCTYPE with an external file entity', fixture('xxe.xml')],
    ['billion laughs', fixture('billion-laughs.xml')],
    ['lower-case doctype', '<!doctype xml [<!entity x "y">]><xml><Encrypt>&x;</Encrypt></xml>'],
    ['internal subset only', '<!DOCTYPE xml SYSTEM "http://attacker.example/evil.dtd"><xml><Encrypt>a</Encrypt></xml>'],
    ['ENTITY without DOCTYPE', '<xml><!ENTITY x "y"><Encrypt>a</Encrypt></xml>'],
    ['DOCTYPE after a comment', '<!-- hi --><!DOCTYPE xml [<!ENTITY x "y">]><xml><Encrypt>&x;</Encrypt></xml>'],
    [
      'DOCTYPE after a processing instruction holding a fake CDATA opener',
      '<?pi <![CDATA[ ?><!DOCTYPE xml [<!ENTITY x "y">]><xml><Encrypt>]]>&x;</Encrypt></xml>',
    ],
    ['DOCTYPE after an attribute holding a fake CDATA opener', '<xml a="<![CDATA["><!DOCTYPE x><Encrypt>]]></Encrypt></xml>'],
    ['unterminated CDATA hiding a DOCTYPE', '<xml><Encrypt><![CDATA[abc</Encrypt></xml><!DOCTYPE x>'],
    ['DOCTYPE after a stray "<" in text', '<xml><Encrypt>a < b <!DOCTYPE x [<!ENTITY y "z">]> &y;</Encrypt></xml>'],
    ['DOCTYPE inside a tag', '<xml><Encrypt <!DOCTYPE x>>a</Encrypt></xml>'],
  ];

  afterEach(() => jest.restoreAllMocks());

  test.each(hostile)('%s', (_name, body) => {
    const parse = jest.spyOn(XMLParser.prototype, 'parse');
    const validate = jest.spyOn(XMLValidator, 'validate');
    expect(xmlError(() => parseEnvelope(body)).code).toBe('xml_invalid');
    expect(xmlError(() => parseInbound(body)).code).toBe('xml_invalid');
    expect(parse).not.toHaveBeenCalled();
    expect(validate).not.toHaveBeenCalled();
  });

  test('the rejection names the cause', () => {
    expect(xmlError(() => parseInbound(fixture('xxe.xml'))).reason).toMatch(/DOCTYPE/);
    expect(xmlError(() => parseInbound(fixture('billion-laughs.xml'))).message).toMatch(/not allowed/);
  });

  test('an entity reference without a declaration is an XmlError, never expanded or kept raw', () => {
    expect(xmlError(() => parseInbound(textXml({ Content: '<Content>&lol9;</Content>' }))).reason).toMatch(/entity/);
  });

  test('"<!DOCTYPE" typed by a user inside CDATA is content, not a declaration', () => {
    const xml = textXml({ Content: '<Content><![CDATA[<!DOCTYPE html><!ENTITY x "y"><html>]]></Content>' });
    expect(parseInbound(xml)).toMatchObject({ kind: 'text', content: '<!DOCTYPE html><!ENTITY x "y"><html>' });
  });
});

describe('parseInbound fixtures', () => {
  test('A2 text message; MsgId 4561255354251345929 stays an exact string', () => {
    const message = parseInbound(fixture('a2-plaintext.xml'));
    expect(message).toStrictEqual({
      kind: 'text',
      toUser: 'wx5823bf96d3bd56c7',
      fromUser: 'mycreate',
      createTime: 1409659813,
      agentId: 218,
      msgId: '4561255354251345929',
      content: 'hello',
    });
    expect(Number('4561255354251345929').toString()).not.toBe('4561255354251345929');
  });

  test('buildInboundXml reproduces the A2 plaintext byte for byte', () => {
    expect(buildInboundXml(parseInbound(fixture('a2-plaintext.xml')))).toBe(fixture('a2-plaintext.xml'));
  });

  test('WxJava template_card_event: two SelectedItem with two OptionId each', () => {
    expect(parseInbound(fixture('template-card-event.xml'))).toStrictEqual({
      kind: 'event',
      event: 'template_card_event',
      toUser: 'toUser',
      fromUser: 'FromUser',
      createTime: 123456789,
      agentId: 1,
      eventKey: 'key111',
      taskId: 'taskid111',
      cardType: 'text_notice',
      responseCode: 'ResponseCode',
      selectedItems: [
        { questionKey: 'QuestionKey1', optionIds: ['OptionId1', 'OptionId2'] },
        { questionKey: 'QuestionKey2', optionIds: ['OptionId3', 'OptionId4'] },
      ],
    });
  });

  test('a single SelectedItem with a single OptionId is still arrays', () => {
    const message = parseInbound(fixture('template-card-event-single.xml')) as TemplateCardEvent;
    expect(message.selectedItems).toStrictEqual([{ questionKey: 'rating', optionIds: ['4'] }]);
    expect(Array.isArray(message.selectedItems)).toBe(true);
    expect(Array.isArray(message.selectedItems[0].optionIds)).toBe(true);
    expect(message).toMatchObject({ eventKey: 'review:submit:42', taskId: 'review-42-zhangsan', agentId: 1000002 });
  });

  test('template_card_event without SelectedItems or ResponseCode', () => {
    const xml = fixture('template-card-event-single.xml')
      .replace(/<SelectedItems>.*<\/SelectedItems>\n/, '')
      .replace(/<ResponseCode>.*<\/ResponseCode>\n/, '');
    const message = parseInbound(xml);
    expect(message).toMatchObject({ event: 'template_card_event', selectedItems: [] });
    expect(message).not.toHaveProperty('responseCode');
  });

  test('enter_agent', () => {
    expect(parseInbound(fixture('enter-agent.xml'))).toStrictEqual({
      kind: 'event',
      event: 'enter_agent',
      eventKey: '',
      toUser: 'toUser',
      fromUser: 'FromUser',
      createTime: 1408091189,
      agentId: 1,
    });
  });

  test('change_contact update_user: lists split, unmodelled fields (Mobile, ExtAttr…) ignored', () => {
    expect(parseInbound(fixture('change-contact-update-user.xml'))).toStrictEqual({
      kind: 'event',
      event: 'change_contact',
      changeType: 'update_user',
      toUser: 'toUser',
      fromUser: 'sys',
      createTime: 1403610513,
      user: {
        userId: 'zhangsan',
        newUserId: 'zhangsan001',
        name: '张三',
        departments: [1, 2],
        mainDepartment: 1,
        isLeaderInDept: [1, 0],
        directLeader: ['lisi', 'wangwu'],
        position: '产品经理',
        status: 1,
      },
    });
  });

  test('change_contact create_party (ParentId in CDATA, as the doc shows it)', () => {
    expect(parseInbound(fixture('change-contact-create-party.xml'))).toStrictEqual({
      kind: 'event',
      event: 'change_contact',
      changeType: 'create_party',
      toUser: 'toUser',
      fromUser: 'sys',
      createTime: 1403610513,
      party: { id: 2, name: '张三', parentId: 1, order: 1 },
    });
  });

  test('image message', () => {
    expect(parseInbound(fixture('image.xml'))).toStrictEqual({
      kind: 'image',
      toUser: 'toUser',
      fromUser: 'fromUser',
      createTime: 1348831860,
      agentId: 1,
      msgId: '1234567890123456',
      picUrl: 'this is a url',
      mediaId: 'media_id',
    });
  });

  test('unknown msgType and unknown event are kept, not rejected', () => {
    expect(parseInbound(textXml({ MsgType: '<MsgType>mixed</MsgType>', Content: null }))).toStrictEqual({
      kind: 'unknown',
      msgType: 'mixed',
      toUser: 'wx5823bf96d3bd56c7',
      fromUser: 'mycreate',
      createTime: 1409659813,
      msgId: '4561255354251345929',
    });
    const subscribe = textXml({ MsgType: '<MsgType>event</MsgType><Event>subscribe</Event>', Content: null, MsgId: null });
    expect(parseInbound(subscribe)).toStrictEqual({
      kind: 'event',
      event: 'other',
      eventName: 'subscribe',
      toUser: 'wx5823bf96d3bd56c7',
      fromUser: 'mycreate',
      createTime: 1409659813,
    });
  });

  test('values are never turned into numbers behind our back', () => {
    const message = parseInbound(textXml({ Content: '<Content>007</Content>', MsgId: '<MsgId>0012</MsgId>' }));
    expect(message).toMatchObject({ content: '007', msgId: '0012' });
  });

  test('text outside CDATA: predefined entities and character references are decoded, comments dropped', () => {
    const xml = textXml({ Content: '<Content>a &amp; b &lt;c&gt; &quot;&apos; &#20013;&#x6587;<!-- note --></Content>' });
    expect(parseInbound(xml)).toMatchObject({ content: 'a & b <c> "\' 中文' });
  });

  test('CDATA content is verbatim: entities stay, whitespace and newlines stay', () => {
    const xml = textXml({ Content: '<Content><![CDATA[  &amp; line1\nline2  ]]></Content>' });
    expect(parseInbound(xml)).toMatchObject({ content: '  &amp; line1\nline2  ' });
  });

  test('layout whitespace around a CDATA section is not content', () => {
    const xml = textXml({ Content: '<Content>\n  <![CDATA[hi]]>\n</Content>' });
    expect(parseInbound(xml)).toMatchObject({ content: 'hi' });
  });
});

describe('parseInbound rejections', () => {
  test.each([
    ['empty body', ''],
    ['unclosed tag', textXml({ Content: '<Content><![CDATA[hello]]>' })],
    ['mismatched tag', textXml({ Content: '<Content>hello</Contents>' })],
    ['bare ampersand', textXml({ Content: '<Content>a & b</Content>' })],
    ['missing MsgType', textXml({ MsgType: null })],
    ['blank MsgType', textXml({ MsgType: '<MsgType><![CDATA[]]></MsgType>' })],
    ['missing FromUserName', textXml({ FromUserName: null })],
    ['missing ToUserName', textXml({ ToUserName: null })],
    ['missing CreateTime', textXml({ CreateTime: null })],
    ['non-numeric CreateTime', textXml({ CreateTime: '<CreateTime>yesterday</CreateTime>' })],
    ['CreateTime beyond 2^53', textXml({ CreateTime: '<CreateTime>4561255354251345929</CreateTime>' })],
    ['non-numeric AgentID', textXml({ MsgId: '<MsgId>1</MsgId><AgentID>abc</AgentID>' })],
    ['missing MsgId on a message', textXml({ MsgId: null })],
    ['non-numeric MsgId', textXml({ MsgId: '<MsgId>abc-1</MsgId>' })],
    ['path traversal in MsgId', textXml({ MsgId: '<MsgId>../../../../tmp/owned</MsgId>' })],
    ['MsgId over 20 digits', textXml({ MsgId: `<MsgId>${'9'.repeat(21)}</MsgId>` })],
    ['path traversal in the MsgId of an unknown type', textXml({ MsgType: '<MsgType>mixed</MsgType>', MsgId: '<MsgId>../x</MsgId>' })],
    ['missing Content on a text', textXml({ Content: null })],
    ['duplicate Content', textXml({ Content: '<Content>a</Content><Content>b</Content>' })],
    ['element inside Content', textXml({ Content: '<Content><b>x</b></Content>' })],
    ['event without Event', textXml({ MsgType: '<MsgType>event</MsgType>' })],
    ['unknown character reference', textXml({ Content: '<Content>&#0;</Content>' })],
    ['surrogate character reference', textXml({ Content: '<Content>&#xD800;</Content>' })],
    ['root other than xml', '<msg><MsgType>text</MsgType></msg>'],
    [
      'update_user without UserID',
      fixture('change-contact-update-user.xml').replace('<UserID><![CDATA[zhangsan]]></UserID>', ''),
    ],
    ['Department with a non-number', fixture('change-contact-update-user.xml').replace('1,2', '1,x')],
  ])('%s → XmlError', (_name, xml) => {
    expect(xmlError(() => parseInbound(xml)).code).toBe('xml_invalid');
  });

  test.each([
    ['MsgType', textXml({ MsgType: null }), /MsgType/],
    ['FromUserName', textXml({ FromUserName: null }), /FromUserName/],
    ['CreateTime', textXml({ CreateTime: null }), /CreateTime/],
  ])('the reason names the missing %s', (_name, xml, pattern) => {
    expect(xmlError(() => parseInbound(xml)).reason).toMatch(pattern);
  });
});

describe('round trip: parseInbound(buildInboundXml(m)) deep-equals m', () => {
  const base = { toUser: 'ww1234567890abcdef', fromUser: 'zhangsan', createTime: 1700000000, agentId: 1000002 };
  const messages: [string, InboundMessage][] = [
    ['text', { kind: 'text', ...base, msgId: '4561255354251345929', content: 'hello' }],
    ['text with ]]> and Chinese', { kind: 'text', ...base, msgId: '1', content: '绩效 a]]>b ]]]]> c]]>' }],
    ['text that is only ]]>', { kind: 'text', ...base, msgId: '2', content: ']]>' }],
    ['text with ]]> followed by markup', { kind: 'text', ...base, msgId: '2', content: '评分]]><b>&amp;</b><![CDATA[x]]>' }],
    ['text with markup, entities and whitespace', { kind: 'text', ...base, msgId: '3', content: ' <a href="x">&amp;</a>\n\t ' }],
    ['text with an emoji and a DOCTYPE', { kind: 'text', ...base, msgId: '4', content: '👍 <!DOCTYPE html>' }],
    ['empty text', { kind: 'text', ...base, msgId: '5', content: '' }],
    ['text without AgentID', { kind: 'text', toUser: 'ww1', fromUser: 'u', createTime: 0, msgId: '6', content: 'x' }],
    ['image', { kind: 'image', ...base, msgId: '7', picUrl: 'https://wework.qpic.cn/x?a=1&b=2', mediaId: 'm1' }],
    ['voice', { kind: 'voice', ...base, msgId: '8', mediaId: 'm2', format: 'amr' }],
    ['voice without format', { kind: 'voice', ...base, msgId: '9', mediaId: 'm2' }],
    ['video', { kind: 'video', ...base, msgId: '10', mediaId: 'm3', thumbMediaId: 't3' }],
    ['file', { kind: 'file', ...base, msgId: '11', mediaId: 'm4' }],
    [
      'location',
      { kind: 'location', ...base, msgId: '12', latitude: 23.134521, longitude: -113.358803, scale: 20, label: '广州' },
    ],
    ['link', { kind: 'link', ...base, msgId: '13', title: 'T', description: 'D', url: 'https://a.example/?q=1&r=2', picUrl: 'p' }],
    ['unknown msgType', { kind: 'unknown', ...base, msgType: 'mixed', msgId: '14' }],
    ['unknown msgType without MsgId', { kind: 'unknown', ...base, msgType: 'mixed' }],
    [
      'template_card_event with selections',
      {
        kind: 'event',
        ...base,
        event: 'template_card_event',
        eventKey: 'review:submit:42',
        taskId: 'task-42',
        cardType: 'multiple_interaction',
        responseCode: 'rc',
        selectedItems: [
          { questionKey: 'q1', optionIds: ['a', 'b'] },
          { questionKey: 'q2]]>', optionIds: ['c'] },
          { questionKey: 'q3', optionIds: [] },
        ],
      },
    ],
    [
      'template_card_menu_event without response code or selections',
      {
        kind: 'event',
        ...base,
        event: 'template_card_menu_event',
        eventKey: 'menu:mute',
        taskId: '',
        cardType: 'text_notice',
        selectedItems: [],
      },
    ],
    ['enter_agent', { kind: 'event', ...base, event: 'enter_agent', eventKey: '' }],
    ['click', { kind: 'event', ...base, event: 'click', eventKey: 'menu:scorecard' }],
    ['view', { kind: 'event', ...base, event: 'view', eventKey: 'https://perfbot.example/h5?x=1&y=2' }],
    [
      'update_user with every field',
      {
        kind: 'event',
        ...base,
        fromUser: 'sys',
        event: 'change_contact',
        changeType: 'update_user',
        user: {
          userId: 'zhangsan',
          newUserId: 'zhangsan001',
          name: '张三',
          departments: [1, 2],
          mainDepartment: 1,
          isLeaderInDept: [1, 0],
          directLeader: ['lisi', 'wangwu'],
          position: '产品经理',
          status: 1,
        },
      },
    ],
    [
      'create_user with empty department list',
      { kind: 'event', ...base, event: 'change_contact', changeType: 'create_user', user: { userId: 'u1', departments: [] } },
    ],
    ['delete_user', { kind: 'event', ...base, event: 'change_contact', changeType: 'delete_user', user: { userId: 'u1' } }],
    [
      'create_party',
      { kind: 'event', ...base, event: 'change_contact', changeType: 'create_party', party: { id: 2, name: '研发部', parentId: 1, order: 1 } },
    ],
    ['delete_party', { kind: 'event', ...base, event: 'change_contact', changeType: 'delete_party', party: { id: 3 } }],
    [
      'update_tag',
      {
        kind: 'event',
        ...base,
        event: 'change_contact',
        changeType: 'update_tag',
        tag: { tagId: 1, addUserItems: ['a', 'b'], delUserItems: ['c'], addPartyItems: [1, 2], delPartyItems: [] },
      },
    ],
    ['other event', { kind: 'event', ...base, event: 'other', eventName: 'subscribe', eventKey: 'k' }],
    ['other event without key', { kind: 'event', ...base, event: 'other', eventName: 'batch_job_result' }],
  ];

  test.each(messages)('%s', (_name, message) => {
    const xml = buildInboundXml(message);
    expect(parseInbound(xml)).toStrictEqual(message);
    expect(dedupeKey(parseInbound(xml))).toBe(dedupeKey(message));
  });

  test('the built XML uses WeCom element names, CDATA for strings and nested SelectedItems', () => {
    const xml = buildInboundXml(messages.find(([name]) => name === 'template_card_event with selections')![1]);
    expect(xml).toContain('<MsgType><![CDATA[event]]></MsgType>\n<Event><![CDATA[template_card_event]]></Event>');
    expect(xml).toContain(
      '<SelectedItems><SelectedItem><QuestionKey><![CDATA[q1]]></QuestionKey><OptionIds><OptionId><![CDATA[a]]></OptionId><OptionId><![CDATA[b]]></OptionId></OptionIds></SelectedItem>',
    );
    expect(xml).toContain('<QuestionKey><![CDATA[q2]]]]><![CDATA[>]]></QuestionKey>');
    expect(xml).toContain('<AgentID>1000002</AgentID>');
  });

  test('change_contact lists are comma-joined', () => {
    const xml = buildInboundXml(messages.find(([name]) => name === 'update_user with every field')![1]);
    expect(xml).toContain('<Department><![CDATA[1,2]]></Department>');
    expect(xml).toContain('<IsLeaderInDept><![CDATA[1,0]]></IsLeaderInDept>');
    expect(xml).toContain('<DirectLeader><![CDATA[lisi,wangwu]]></DirectLeader>');
    expect(xml).toContain('<ChangeType><![CDATA[update_user]]></ChangeType>');
  });

  test('every fixture survives parse → build → parse', () => {
    for (const name of [
      'a2-plaintext.xml',
      'template-card-event.xml',
      'template-card-event-single.xml',
      'enter-agent.xml',
      'change-contact-update-user.xml',
      'change-contact-create-party.xml',
      'image.xml',
    ]) {
      const message = parseInbound(fixture(name));
      expect(parseInbound(buildInboundXml(message))).toStrictEqual(message);
    }
  });
});

describe('dedupeKey', () => {
  const tap = (eventKey: string, taskId = 'task-1'): TemplateCardEvent => ({
    kind: 'event',
    toUser: 'ww1',
    fromUser: 'zhangsan',
    createTime: 1700000000,
    agentId: 1000002,
    event: 'template_card_event',
    eventKey,
    taskId,
    cardType: 'button_interaction',
    responseCode: 'rc',
    selectedItems: [],
  });

  test('messages are keyed by MsgId', () => {
    expect(dedupeKey(parseInbound(fixture('a2-plaintext.xml')))).toBe('msg:4561255354251345929');
  });

  test('events are keyed by user, second, event, key and task', () => {
    expect(dedupeKey(parseInbound(fixture('template-card-event.xml')))).toBe(
      'evt:FromUser:123456789:template_card_event:key111:taskid111',
    );
    expect(dedupeKey(parseInbound(fixture('enter-agent.xml')))).toBe('evt:FromUser:1408091189:enter_agent::');
  });

  test('the same callback parsed twice (a WeCom retry) gives the same key', () => {
    const xml = fixture('template-card-event-single.xml');
    expect(dedupeKey(parseInbound(xml))).toBe(dedupeKey(parseInbound(xml)));
    expect(dedupeKey(parseInbound(fixture('a2-plaintext.xml')))).toBe(dedupeKey(parseInbound(fixture('a2-plaintext.xml'))));
  });

  test('two different buttons tapped in the same second give different keys', () => {
    expect(dedupeKey(tap('review:approve'))).not.toBe(dedupeKey(tap('review:reject')));
    expect(dedupeKey(tap('review:approve', 'task-1'))).not.toBe(dedupeKey(tap('review:approve', 'task-2')));
  });

  test('colons inside keys cannot shift a value from one part into another', () => {
    expect(dedupeKey(tap('a:b', 'c'))).not.toBe(dedupeKey(tap('a', 'b:c')));
    expect(dedupeKey(tap('a%3Ab', 'c'))).not.toBe(dedupeKey(tap('a:b', 'c')));
  });

  test('two contact changes in the same second (a bulk import) give different keys', () => {
    const change = (userId: string): InboundMessage => ({
      kind: 'event',
      toUser: 'ww1',
      fromUser: 'sys',
      createTime: 1700000000,
      event: 'change_contact',
      changeType: 'create_user',
      user: { userId },
    });
    expect(dedupeKey(change('u1'))).not.toBe(dedupeKey(change('u2')));
  });

  test(`long keys are capped at ${DEDUPE_KEY_MAX_LENGTH} characters and stay distinct`, () => {
    const long = '键'.repeat(300);
    const a = dedupeKey(tap(long + 'a'));
    const b = dedupeKey(tap(long + 'b'));
    expect(Array.from(a).length).toBeLessThanOrEqual(DEDUPE_KEY_MAX_LENGTH);
    expect(a.length).toBeLessThan(255);
    expect(a).toMatch(/^evt:zhangsan:1700000000:template_card_event:键+#[0-9a-f]{40}$/);
    expect(a).not.toBe(b);
    expect(dedupeKey(tap('short'))).toBe('evt:zhangsan:1700000000:template_card_event:short:task-1');
  });
});

describe('encrypted passive reply', () => {
  const reply = { encrypt: 'ZW5jcnlwdGVk', signature: 'abc123', timestamp: '1411525903', nonce: 'n0nce' };

  test('buildEncryptedReplyXml matches §1.7', () => {
    expect(buildEncryptedReplyXml(reply)).toBe(
      '<xml><Encrypt><![CDATA[ZW5jcnlwdGVk]]></Encrypt><MsgSignature><![CDATA[abc123]]></MsgSignature><TimeStamp>1411525903</TimeStamp><Nonce><![CDATA[n0nce]]></Nonce></xml>',
    );
    expect(parseEncryptedReplyXml(buildEncryptedReplyXml(reply))).toStrictEqual(reply);
  });

  test('a sealed reply can be read back, verified and decrypted', () => {
    const { encrypted, signature } = sealMessage(OFFICIAL, '<xml><Content><![CDATA[收到]]></Content></xml>', '1700000000', 'abc');
    const body = buildEncryptedReplyXml({ encrypt: encrypted, signature, timestamp: '1700000000', nonce: 'abc' });
    const read = parseEncryptedReplyXml(body);
    expect(() => verifySignature(OFFICIAL.token, read.timestamp, read.nonce, read.encrypt, read.signature)).not.toThrow();
    expect(decryptMessage(OFFICIAL, read.encrypt)).toBe('<xml><Content><![CDATA[收到]]></Content></xml>');
  });

  test('a non-numeric TimeStamp is refused rather than written unquoted', () => {
    expect(() => buildEncryptedReplyXml({ ...reply, timestamp: '1<x/>' })).toThrow(ValidationError);
  });

  test.each(['Encrypt', 'MsgSignature', 'TimeStamp', 'Nonce'])('a reply without %s → XmlError', (name) => {
    const body = buildEncryptedReplyXml(reply).replace(new RegExp(`<${name}>.*</${name}>`), '');
    expect(xmlError(() => parseEncryptedReplyXml(body)).code).toBe('xml_invalid');
  });
});
