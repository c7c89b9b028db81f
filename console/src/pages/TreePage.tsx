import { ApartmentOutlined, EditOutlined, InboxOutlined, PlusOutlined, SwapOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  AutoComplete,
  Badge,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Tree,
  Typography,
  Upload,
} from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useClient, useMutation, useQuery } from 'urql';
import { isAdmin, useMe } from '../auth';
import type { ImportUnitsMutation, OrgLevel } from '../gql/graphql';
import { useI18n } from '../i18n';
import type { LatLng } from '../map/gcj02';
import { MapView, type MapShape } from '../map/MapView';
import type { MessageKey } from '../messages';
import {
  ArchiveUnitMutation,
  ChildUnitsQuery,
  CreateUnitMutation,
  ImportUnitsMutation as ImportUnitsDoc,
  MoveUnitMutation,
  RestoreUnitMutation,
  RootUnitsQuery,
  SearchUnitsQuery,
  UnitDetailQuery,
  UpdateUnitMutation,
} from '../ops';
import { errorText, LEVEL_ABOVE, LEVEL_BELOW, loadColour } from '../util';

interface UnitNode {
  id: string;
  code: string;
  name: string;
  level: OrgLevel;
  archived: boolean;
  openRequestCount: number;
}

type Report = ImportUnitsMutation['importOrgUnits'];

export default function TreePage() {
  const me = useMe();
  const { t } = useI18n();
  const client = useClient();
  const { message } = App.useApp();
  const admin = isAdmin(me);
  const [showArchived, setShowArchived] = useState(false);
  const [roots, setRoots] = useState<UnitNode[] | null>(null);
  const [childrenOf, setChildrenOf] = useState<Record<string, UnitNode[]>>({});
  const [expanded, setExpanded] = useState<string[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [searchText, setSearchText] = useState('');
  const [searchOptions, setSearchOptions] = useState<{ value: string; label: string; ancestors: string[] }[]>([]);
  const [dialog, setDialog] = useState<null | 'create' | 'createStreet' | 'rename' | 'move' | 'import'>(null);
  const [editRing, setEditRing] = useState<LatLng[] | null>(null);

  // Roots: the user's scope unit, else every street committee.
  const loadRoots = useCallback(async () => {
    if (me.scope) {
      const detail = await client.query(UnitDetailQuery, { id: me.scope.id }, { requestPolicy: 'network-only' }).toPromise();
      const unit = detail.data?.orgUnit;
      setRoots(unit ? [{ ...unit }] : []);
      if (unit) {
        setSelected((s) => s ?? unit.id);
        setExpanded((e) => (e.length ? e : [unit.id]));
      }
    } else {
      const result = await client.query(RootUnitsQuery, { includeArchived: showArchived }, { requestPolicy: 'network-only' }).toPromise();
      const units = result.data?.orgUnits.nodes ?? [];
      setRoots(units);
      if (units.length) setSelected((s) => s ?? units[0].id);
    }
  }, [client, me.scope, showArchived]);

  const loadChildren = useCallback(
    async (parentId: string) => {
      const result = await client
        .query(ChildUnitsQuery, { parentId, includeArchived: showArchived }, { requestPolicy: 'network-only' })
        .toPromise();
      setChildrenOf((prev) => ({ ...prev, [parentId]: result.data?.orgUnits.nodes ?? [] }));
    },
    [client, showArchived],
  );

  useEffect(() => {
    setChildrenOf({});
    void loadRoots();
  }, [loadRoots]);

  const toTreeData = useCallback(
    (units: UnitNode[]): DataNode[] =>
      units.map((u) => ({
        key: u.id,
        isLeaf: u.level === 'COURTYARD_GROUP',
        title: (
          <span>
            {u.name}{' '}
            {u.openRequestCount > 0 && <Badge count={u.openRequestCount} size="small" color={loadColour(u.openRequestCount)} />}
            {u.archived && (
              <Tag style={{ marginLeft: 4 }} color="default">
                {t('archived')}
              </Tag>
            )}
          </span>
        ),
        children: childrenOf[u.id] ? toTreeData(childrenOf[u.id]) : undefined,
      })),
    [childrenOf, t],
  );
  const treeData = useMemo(() => toTreeData(roots ?? []), [roots, toTreeData]);

  const [detail, refetchDetail] = useQuery({ query: UnitDetailQuery, variables: { id: selected ?? '' }, pause: !selected });
  const [kids, refetchKids] = useQuery({
    query: ChildUnitsQuery,
    variables: { parentId: selected ?? '', includeArchived: showArchived },
    pause: !selected,
  });
  const unit = detail.data?.orgUnit;
  // A courtyard has no units below it: its map shows it among its siblings instead.
  const leafParent = unit?.level === 'COURTYARD_GROUP' ? unit.parent?.id : undefined;
  const [siblings, refetchSiblings] = useQuery({
    query: ChildUnitsQuery,
    variables: { parentId: leafParent ?? '', includeArchived: showArchived },
    pause: !leafParent,
  });

  const refreshAround = useCallback(
    async (unitId?: string | null, parentId?: string | null) => {
      refetchDetail({ requestPolicy: 'network-only' });
      refetchKids({ requestPolicy: 'network-only' });
      refetchSiblings({ requestPolicy: 'network-only' });
      if (parentId) await loadChildren(parentId);
      if (unitId && childrenOf[unitId]) await loadChildren(unitId);
      if (!parentId) await loadRoots();
    },
    [refetchDetail, refetchKids, refetchSiblings, loadChildren, loadRoots, childrenOf],
  );

  const onSearch = async (text: string) => {
    if (!text.trim()) return setSearchOptions([]);
    const result = await client.query(SearchUnitsQuery, { search: text.trim() }, { requestPolicy: 'network-only' }).toPromise();
    const scopeId = me.scope?.id;
    setSearchOptions(
      (result.data?.orgUnits.nodes ?? [])
        .filter((u) => !scopeId || u.id === scopeId || u.ancestors.some((a) => a.id === scopeId))
        .map((u) => ({
          value: u.id,
          label: `${u.name}（${[...u.ancestors.map((a) => a.name)].slice(-2).join(' / ') || t(`level${u.level}` as MessageKey)}）`,
          ancestors: u.ancestors.map((a) => a.id),
        })),
    );
  };

  const shapes: MapShape[] = useMemo(() => {
    const list: MapShape[] = [];
    if (leafParent) {
      for (const sibling of siblings.data?.orgUnits.nodes ?? []) {
        if (sibling.boundary && sibling.id !== unit?.id) {
          list.push({ id: sibling.id, key: sibling.code, ring: sibling.boundary, color: '#8c8c8c', label: sibling.name });
        }
      }
      if (unit?.boundary) {
        list.push({ id: unit.id, key: unit.code, ring: unit.boundary, color: loadColour(unit.openRequestCount), label: unit.name });
      }
      return list;
    }
    if (unit?.boundary) list.push({ id: unit.id, ring: unit.boundary, color: '#4e5969', label: unit.name, outline: true });
    for (const child of kids.data?.orgUnits.nodes ?? []) {
      if (child.boundary) {
        list.push({
          id: child.id,
          key: child.code,
          ring: child.boundary,
          color: loadColour(child.openRequestCount),
          label: `${child.name} · ${t('openRequests')} ${child.openRequestCount}`,
        });
      }
    }
    return list;
  }, [unit, kids.data, siblings.data, leafParent, t]);

  const [, archive] = useMutation(ArchiveUnitMutation);
  const [, restore] = useMutation(RestoreUnitMutation);
  const [updateState, update] = useMutation(UpdateUnitMutation);

  const act = async (work: Promise<{ error?: Parameters<typeof errorText>[0] }>, done: string) => {
    const result = await work;
    if (result.error) {
      void message.error(errorText(result.error, t));
      return false;
    }
    void message.success(done);
    return true;
  };

  const saveBoundary = async () => {
    if (!unit || !editRing) return;
    if (editRing.length < 3) return void message.warning(t('boundaryHint'));
    if (await act(update({ input: { id: unit.id, boundary: editRing } }), t('saved'))) {
      setEditRing(null);
      await refreshAround(unit.id, unit.parent?.id);
    }
  };

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={8} xl={7}>
        <Card
          title={
            <Space>
              <ApartmentOutlined />
              {t('navTree')}
            </Space>
          }
          size="small"
          extra={
            <Space size={4}>
              <Switch size="small" checked={showArchived} onChange={setShowArchived} aria-label={t('showArchived')} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('showArchived')}
              </Typography.Text>
            </Space>
          }
        >
          <AutoComplete
            style={{ width: '100%', marginBottom: 12 }}
            options={searchOptions}
            value={searchText}
            onChange={(text: string) => setSearchText(searchOptions.some((o) => o.value === text) ? '' : text)}
            onSearch={(text) => void onSearch(text)}
            onSelect={(value: string, option) => {
              setSearchText('');
              setSearchOptions([]);
              const ancestors = (option as { ancestors: string[] }).ancestors;
              setExpanded((e) => [...new Set([...e, ...ancestors])]);
              for (const a of ancestors) if (!childrenOf[a]) void loadChildren(a);
              setSelected(value);
            }}
          >
            <Input.Search placeholder={t('treeSearch')} aria-label={t('treeSearch')} allowClear />
          </AutoComplete>
          {admin && me.role === 'CITY_ADMIN' && (
            <Space style={{ marginBottom: 8 }}>
              <Button size="small" icon={<PlusOutlined />} onClick={() => setDialog('createStreet')}>
                {t('createStreet')}
              </Button>
              <Button size="small" icon={<UploadOutlined />} onClick={() => setDialog('import')}>
                {t('importFile')}
              </Button>
            </Space>
          )}
          {admin && me.role === 'STREET_ADMIN' && (
            <Space style={{ marginBottom: 8 }}>
              <Button size="small" icon={<UploadOutlined />} onClick={() => setDialog('import')}>
                {t('importFile')}
              </Button>
            </Space>
          )}
          <div>
            <Tree
              showLine
              blockNode
              treeData={treeData}
              expandedKeys={expanded}
              selectedKeys={selected ? [selected] : []}
              onExpand={(keys) => setExpanded(keys as string[])}
              onSelect={(keys) => keys[0] && setSelected(String(keys[0]))}
              loadData={async (node) => {
                if (!childrenOf[String(node.key)]) await loadChildren(String(node.key));
              }}
              height={560}
            />
          </div>
        </Card>
      </Col>
      <Col xs={24} lg={16} xl={17}>
        {!unit ? (
          <Card>
            <Empty description={t('selectUnit')} />
          </Card>
        ) : (
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Card
              size="small"
              title={
                <Space wrap>
                  <Typography.Title level={4} style={{ margin: 0 }}>
                    {unit.name}
                  </Typography.Title>
                  <Tag color="red">{t(`level${unit.level}` as MessageKey)}</Tag>
                  {unit.archived && <Tag>{t('archived')}</Tag>}
                </Space>
              }
              extra={
                admin && (
                  <Space wrap size={4}>
                    {LEVEL_BELOW[unit.level] && !unit.archived && (
                      <Button size="small" icon={<PlusOutlined />} onClick={() => setDialog('create')}>
                        {t('createChild')}
                      </Button>
                    )}
                    <Button size="small" icon={<EditOutlined />} onClick={() => setDialog('rename')}>
                      {t('rename')}
                    </Button>
                    {LEVEL_ABOVE[unit.level] && unit.id !== me.scope?.id && (
                      <Button size="small" icon={<SwapOutlined />} onClick={() => setDialog('move')}>
                        {t('move')}
                      </Button>
                    )}
                    {!editRing && (
                      <Button size="small" onClick={() => setEditRing(unit.boundary ? unit.boundary.map((p) => ({ lat: p.lat, lng: p.lng })) : [])}>
                        {unit.boundary ? t('editBoundary') : t('drawBoundary')}
                      </Button>
                    )}
                    {unit.id !== me.scope?.id &&
                      (unit.archived ? (
                        <Button
                          size="small"
                          onClick={async () => {
                            if (await act(restore({ input: { id: unit.id } }), t('saved'))) await refreshAround(unit.id, unit.parent?.id);
                          }}
                        >
                          {t('restore')}
                        </Button>
                      ) : (
                        <Popconfirm
                          title={`${t('archive')}「${unit.name}」？`}
                          onConfirm={async () => {
                            if (await act(archive({ input: { id: unit.id } }), t('saved'))) await refreshAround(unit.id, unit.parent?.id);
                          }}
                        >
                          <Button size="small" danger>
                            {t('archive')}
                          </Button>
                        </Popconfirm>
                      ))}
                  </Space>
                )
              }
            >
              <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
                <Descriptions.Item label={t('code')}>{unit.code}</Descriptions.Item>
                <Descriptions.Item label={t('secretary')}>
                  {unit.secretary ? `${unit.secretary.name}${unit.secretary.phone ? ` · ${unit.secretary.phone}` : ''}` : t('none')}
                </Descriptions.Item>
                <Descriptions.Item label={t('openRequests')}>
                  <Badge count={unit.openRequestCount} showZero color={loadColour(unit.openRequestCount)} />
                </Descriptions.Item>
                <Descriptions.Item label={t('members')}>{unit.members.totalCount}</Descriptions.Item>
                <Descriptions.Item label={t('responders')}>{unit.responders.length}</Descriptions.Item>
                <Descriptions.Item label={t('children')}>{kids.data?.orgUnits.totalCount ?? '—'}</Descriptions.Item>
              </Descriptions>
            </Card>
            <Card size="small" title={leafParent ? t('courtyard') : t('children')} extra={<Legend />}>
              {editRing && (
                <Alert
                  type="info"
                  showIcon
                  title={t('boundaryHint')}
                  style={{ marginBottom: 8 }}
                  action={
                    <Space>
                      <Button size="small" onClick={() => setEditRing([])}>
                        {t('clearBoundary')}
                      </Button>
                      <Button size="small" onClick={() => setEditRing(null)}>
                        {t('cancel')}
                      </Button>
                      <Button size="small" type="primary" loading={updateState.fetching} onClick={() => void saveBoundary()}>
                        {t('saveBoundary')}
                      </Button>
                    </Space>
                  }
                />
              )}
              <MapView
                ariaLabel={t('children')}
                shapes={shapes}
                onShapeClick={(id) => {
                  if (id === unit.id) return;
                  if (leafParent) return setSelected(id);
                  setExpanded((e) => [...new Set([...e, unit.id])]);
                  if (!childrenOf[unit.id]) void loadChildren(unit.id);
                  setSelected(id);
                }}
                editRing={editRing}
                onEditRing={setEditRing}
                height={380}
              />
              {!unit.boundary && !editRing && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('noBoundary')}
                </Typography.Text>
              )}
            </Card>
            <Card size="small">
              <Tabs
                items={[
                  {
                    key: 'members',
                    label: `${t('members')} (${unit.members.totalCount})`,
                    children: (
                      <Table
                        size="small"
                        rowKey="id"
                        pagination={false}
                        dataSource={unit.members.nodes}
                        scroll={{ x: true }}
                        columns={[
                          { title: t('name'), dataIndex: 'name' },
                          { title: t('phone'), dataIndex: 'phone', render: (v) => v ?? '—' },
                          { title: t('partyMember'), dataIndex: 'partyMember', render: (v) => (v ? t('yes') : t('no')) },
                          { title: t('responder'), dataIndex: 'responder', render: (v) => (v ? t('yes') : t('no')) },
                          { title: t('skills'), dataIndex: 'skills', render: (s: string[]) => s.map((k) => <Tag key={k}>{k}</Tag>) },
                          { title: t('status'), dataIndex: 'active', render: (v) => (v ? <Tag color="green">{t('active')}</Tag> : <Tag>{t('inactive')}</Tag>) },
                        ]}
                      />
                    ),
                  },
                  {
                    key: 'responders',
                    label: `${t('responders')} (${unit.responders.length})`,
                    children: (
                      <Table
                        size="small"
                        rowKey="id"
                        pagination={false}
                        dataSource={unit.responders}
                        columns={[
                          { title: t('name'), dataIndex: 'name' },
                          { title: t('skills'), dataIndex: 'skills', render: (s: string[]) => s.map((k) => <Tag key={k}>{k}</Tag>) },
                          { title: t('load'), dataIndex: 'openAssignmentCount' },
                        ]}
                      />
                    ),
                  },
                  {
                    key: 'children',
                    label: `${t('children')} (${kids.data?.orgUnits.totalCount ?? 0})`,
                    children: (
                      <Table
                        size="small"
                        rowKey="id"
                        pagination={false}
                        dataSource={kids.data?.orgUnits.nodes ?? []}
                        onRow={(row) => ({ onClick: () => setSelected(row.id) })}
                        columns={[
                          { title: t('code'), dataIndex: 'code' },
                          { title: t('unitName'), dataIndex: 'name' },
                          {
                            title: t('openRequests'),
                            dataIndex: 'openRequestCount',
                            render: (n: number) => <Badge count={n} showZero color={loadColour(n)} />,
                          },
                        ]}
                      />
                    ),
                  },
                ]}
              />
            </Card>
          </Space>
        )}
      </Col>
      <UnitDialogs
        dialog={dialog}
        unit={unit ?? null}
        close={() => setDialog(null)}
        done={async (createdUnder) => {
          setDialog(null);
          if (createdUnder) {
            setExpanded((e) => [...new Set([...e, createdUnder])]);
            await loadChildren(createdUnder);
          }
          await refreshAround(unit?.id, unit?.parent?.id);
        }}
      />
    </Row>
  );
}

function Legend() {
  const { t } = useI18n();
  return (
    <Space size={8} wrap style={{ fontSize: 12 }}>
      <Badge color={loadColour(0)} text={t('legendNone')} />
      <Badge color={loadColour(1)} text={t('legendFew')} />
      <Badge color={loadColour(3)} text={t('legendMany')} />
    </Space>
  );
}

interface DialogsProps {
  dialog: null | 'create' | 'createStreet' | 'rename' | 'move' | 'import';
  unit: { id: string; name: string; level: OrgLevel; parent?: { id: string } | null } | null;
  close(): void;
  done(createdUnder?: string): Promise<void>;
}

function UnitDialogs({ dialog, unit, close, done }: DialogsProps) {
  const { t } = useI18n();
  const client = useClient();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [createState, create] = useMutation(CreateUnitMutation);
  const [updateState, update] = useMutation(UpdateUnitMutation);
  const [moveState, move] = useMutation(MoveUnitMutation);
  const [importState, runImport] = useMutation(ImportUnitsDoc);
  const [parents, setParents] = useState<{ value: string; label: string }[]>([]);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    form.resetFields();
    setError(null);
    setReport(null);
    if (dialog === 'rename' && unit) form.setFieldsValue({ name: unit.name });
  }, [dialog, unit, form]);

  const failed = (e: Parameters<typeof errorText>[0]) => {
    setError(errorText(e, t));
  };

  const findParents = async (text: string) => {
    if (!unit) return;
    const level = LEVEL_ABOVE[unit.level] as OrgLevel | undefined;
    const result = await client.query(SearchUnitsQuery, { search: text || null, level }, { requestPolicy: 'network-only' }).toPromise();
    setParents((result.data?.orgUnits.nodes ?? []).filter((u) => u.id !== unit.parent?.id).map((u) => ({ value: u.id, label: `${u.name} (${u.code})` })));
  };

  const onOk = async () => {
    setError(null);
    if (dialog === 'import') return close();
    const values = await form.validateFields();
    if (dialog === 'create' || dialog === 'createStreet') {
      const parentId = dialog === 'create' ? unit?.id : undefined;
      const result = await create({ input: { parentId, code: values.code, name: values.name } });
      if (result.error) return failed(result.error);
      void message.success(t('saved'));
      await done(parentId);
    } else if (dialog === 'rename' && unit) {
      const result = await update({ input: { id: unit.id, name: values.name } });
      if (result.error) return failed(result.error);
      void message.success(t('saved'));
      await done();
    } else if (dialog === 'move' && unit) {
      const result = await move({ input: { id: unit.id, newParentId: values.newParentId } });
      if (result.error) return failed(result.error);
      void message.success(t('saved'));
      await done(values.newParentId);
    }
  };

  const onFile = async (file: File) => {
    setError(null);
    setReport(null);
    const text = await file.text();
    const format = /\.csv$/i.test(file.name) ? 'CSV' : 'GEOJSON';
    const result = await runImport({ input: { text, format } });
    if (result.error) return failed(result.error);
    const answer = result.data!.importOrgUnits;
    setReport(answer);
    if (answer.imported) await done();
  };

  const title =
    dialog === 'create'
      ? `${t('createChild')} · ${unit?.name ?? ''}`
      : dialog === 'createStreet'
        ? t('createStreet')
        : dialog === 'rename'
          ? t('rename')
          : dialog === 'move'
            ? `${t('move')} · ${unit?.name ?? ''}`
            : t('importFile');

  return (
    <Modal
      open={!!dialog}
      title={title}
      onCancel={close}
      onOk={() => void onOk()}
      okText={dialog === 'import' ? t('close') : t('save')}
      cancelButtonProps={dialog === 'import' ? { style: { display: 'none' } } : undefined}
      confirmLoading={createState.fetching || updateState.fetching || moveState.fetching}
      destroyOnHidden
      width={dialog === 'import' ? 720 : 480}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} role="alert" />}
      {(dialog === 'create' || dialog === 'createStreet') && (
        <Form form={form} layout="vertical" name="create-unit">
          <Form.Item name="code" label={t('code')} rules={[{ required: true, max: 64, message: t('required') }]}>
            <Input />
          </Form.Item>
          <Form.Item name="name" label={t('unitName')} rules={[{ required: true, max: 100, message: t('required') }]}>
            <Input />
          </Form.Item>
        </Form>
      )}
      {dialog === 'rename' && (
        <Form form={form} layout="vertical" name="rename-unit">
          <Form.Item name="name" label={t('unitName')} rules={[{ required: true, max: 100, message: t('required') }]}>
            <Input />
          </Form.Item>
        </Form>
      )}
      {dialog === 'move' && (
        <Form form={form} layout="vertical" name="move-unit">
          <Form.Item name="newParentId" label={t('newParent')} rules={[{ required: true, message: t('required') }]}>
            <Select showSearch filterOption={false} onSearch={(v: string) => void findParents(v)} options={parents} onFocus={() => void findParents('')} />
          </Form.Item>
        </Form>
      )}
      {dialog === 'import' && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Upload.Dragger
            accept=".csv,.geojson,.json"
            showUploadList={false}
            disabled={importState.fetching}
            beforeUpload={(file) => {
              void onFile(file);
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('chooseFile')}</p>
            <p className="ant-upload-hint">{t('importHint')}</p>
          </Upload.Dragger>
          {report &&
            (report.imported ? (
              <Alert
                type="success"
                showIcon
                title={t('importDone', { n: report.total })}
                description={report.byLevel.map((l) => `${t(`level${l.level}` as MessageKey)} ${l.count}`).join('，')}
              />
            ) : (
              <>
                <Alert type="error" showIcon title={t('importFailed', { n: report.problems.length })} />
                <Table
                  size="small"
                  rowKey={(r) => r.text}
                  pagination={false}
                  dataSource={report.problems}
                  data-testid="import-problems"
                  columns={[
                    {
                      title: `${t('importLine')} / ${t('importFeature')}`,
                      render: (_, p) => p.line ?? p.feature ?? '—',
                      width: 110,
                    },
                    { title: t('importProblem'), dataIndex: 'message' },
                  ]}
                />
              </>
            ))}
        </Space>
      )}
    </Modal>
  );
}
