import { buildDemoFactory, DEPT, SAME_NAME } from '../../src/sandbox/demo-factory';
import { DEMO_ORG } from '../../src/sandbox/demo-org';

describe('the demo factory org', () => {
  const org = buildDemoFactory();
  const byId = new Map(org.users.map((u) => [u.userid, u]));

  it('is the same for the same seed and different for another', () => {
    expect(buildDemoFactory()).toEqual(org);
    expect(buildDemoFactory(7).users.map((u) => u.name)).not.toEqual(org.users.map((u) => u.name));
  });

  it('has about 300 people in the mission\'s departments, with 总经办 and 人力资源部', () => {
    expect(org.users.length).toBeGreaterThanOrEqual(280);
    expect(org.users.length).toBeLessThanOrEqual(320);
    expect(org.departments.map((d) => d.name)).toEqual(expect.arrayContaining(['研发部', '生产部', '质量部', '仓储部', '总经办', '人力资源部']));
    for (const dept of [DEPT.rnd, DEPT.production, DEPT.quality, DEPT.warehouse]) {
      expect(org.users.filter((u) => u.main_department === dept).length).toBeGreaterThan(20);
    }
  });

  it('keeps the README\'s demo accounts with their names and positions', () => {
    for (const u of DEMO_ORG.users) {
      expect({ userid: u.userid, name: byId.get(u.userid)?.name, position: byId.get(u.userid)?.position }).toEqual({ userid: u.userid, name: u.name, position: u.position });
    }
    expect(byId.get('zhaolei')!.direct_leader).toEqual(['lihua']);
    expect(byId.get('wuhao')!.direct_leader).toEqual(['zhoumin']);
  });

  it('has manager → team leader → employee chains, two people with one name and a few who left', () => {
    const operator = org.users.find((u) => u.position === '操作工' && u.direct_leader[0] !== 'lihua')!;
    const leader = byId.get(operator.direct_leader[0]!)!;
    expect(leader.position).toBe('班组长');
    expect(byId.get(leader.direct_leader[0]!)!.position).toBe('生产部经理');
    expect(org.users.filter((u) => u.name === SAME_NAME).map((u) => u.main_department).sort()).toEqual([DEPT.production, DEPT.warehouse]);
    const left = org.users.filter((u) => u.status === 5);
    expect(left.length).toBeGreaterThanOrEqual(3);
    expect(new Set(org.users.map((u) => u.userid)).size).toBe(org.users.length);
    for (const u of org.users) for (const l of u.direct_leader) expect(byId.has(l)).toBe(true);
  });
});
