import { cdata, makeCardEventXml, makeImageXml, makeTextXml } from '../../src/sandbox/inbound-xml';

const header = { toUserName: 'wx5823bf96d3bd56c7', fromUserName: 'mycreate', createTime: 1409659813, agentId: 218 };

describe('inbound XML makers', () => {
  it('reproduce the official text sample byte for byte (§2 A2)', () => {
    const xml = makeTextXml(header, { content: 'hello', msgId: '4561255354251345929' });
    expect(xml).toBe(
      [
        '<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>',
        '<FromUserName><![CDATA[mycreate]]></FromUserName>',
        '<CreateTime>1409659813</CreateTime>',
        '<MsgType><![CDATA[text]]></MsgType>',
        '<Content><![CDATA[hello]]></Content>',
        '<MsgId>4561255354251345929</MsgId>',
        '<AgentID>218</AgentID>',
        '</xml>',
      ].join('\n'),
    );
    expect(Buffer.byteLength(xml)).toBe(284);
  });

  it('split "]]>" across CDATA sections', () => {
    expect(cdata('a]]>b')).toBe('<![CDATA[a]]]]><![CDATA[>b]]>');
  });

  it('build image messages and card events with selected items', () => {
    expect(makeImageXml(header, { picUrl: 'http://p/x.jpg', mediaId: 'm1', msgId: '1' })).toContain(
      '<MsgType><![CDATA[image]]></MsgType>\n<PicUrl><![CDATA[http://p/x.jpg]]></PicUrl>\n<MediaId><![CDATA[m1]]></MediaId>',
    );
    const event = makeCardEventXml(header, {
      eventKey: 'submit',
      taskId: 'vote-1',
      cardType: 'vote_interaction',
      responseCode: 'rc',
      selectedItems: [{ questionKey: 'q1', optionIds: ['a', 'b'] }],
    });
    expect(event).toContain('<Event><![CDATA[template_card_event]]></Event>');
    expect(event).toContain(
      '<SelectedItems><SelectedItem><QuestionKey><![CDATA[q1]]></QuestionKey><OptionIds><OptionId><![CDATA[a]]></OptionId><OptionId><![CDATA[b]]></OptionId></OptionIds></SelectedItem></SelectedItems>',
    );
  });
});

// Contract with src/wecom/envelope.ts: what the simulator sends, the bot's parser reads.
describe('inbound XML makers against parseInbound', () => {
  // Loaded lazily so a parser in mid-rewrite fails only these tests, not the whole file.
  const parse = (xml: string): unknown => (require('../../src/wecom/envelope') as typeof import('../../src/wecom/envelope')).parseInbound(xml);

  it('parse a text message with a 64-bit MsgId kept as a string', () => {
    expect(parse(makeTextXml(header, { content: '表扬 <赵磊> & ]]> 好', msgId: '4561255354251345929' }))).toMatchObject({
      kind: 'text',
      fromUser: 'mycreate',
      createTime: 1409659813,
      agentId: 218,
      content: '表扬 <赵磊> & ]]> 好',
      msgId: '4561255354251345929',
    });
  });

  it('parse a card event with its selected items', () => {
    const xml = makeCardEventXml(header, {
      eventKey: 'praise:wuhao',
      taskId: 'score-1',
      cardType: 'button_interaction',
      responseCode: 'rc1',
      selectedItems: [{ questionKey: 'q', optionIds: ['only'] }],
    });
    expect(parse(xml)).toMatchObject({
      event: 'template_card_event',
      eventKey: 'praise:wuhao',
      taskId: 'score-1',
      cardType: 'button_interaction',
      responseCode: 'rc1',
      selectedItems: [{ questionKey: 'q', optionIds: ['only'] }],
    });
  });

  it('parse an image message', () => {
    expect(parse(makeImageXml(header, { picUrl: 'http://p/x.jpg', mediaId: 'm1', msgId: '2' }))).toMatchObject({ kind: 'image', picUrl: 'http://p/x.jpg' });
  });
});
