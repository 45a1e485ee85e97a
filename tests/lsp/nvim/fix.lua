-- Headless Neovim (0.7.2, Debian) as a real LSP client of `ppcert server`.
-- Run by tests/lsp/nvim/run.py:
--   nvim --headless --clean -u NONE -c 'luafile tests/lsp/nvim/fix.lua'
-- with PPCERT_BIN, PPCERT_NVIM_FILE (a copy of a connector's apiDefinition.swagger.json),
-- PPCERT_NVIM_ROOT (the workspace folder) and PPCERT_NVIM_RESULT (where to write the JSON result).
-- Steps: edit the file, start the client, wait for diagnostics, ask for code actions at a fixable
-- diagnostic, apply its `Fix:` action with vim.lsp.util.apply_workspace_edit (utf-16), wait for the
-- refreshed diagnostics of the unsaved buffer, check the finding is gone, stop the server.
-- Everything seen is written to the result file; run.py compares it with `ppcert lint`.

local bin = assert(os.getenv('PPCERT_BIN'), 'PPCERT_BIN')
local target = assert(os.getenv('PPCERT_NVIM_FILE'), 'PPCERT_NVIM_FILE')
local root = assert(os.getenv('PPCERT_NVIM_ROOT'), 'PPCERT_NVIM_ROOT')
local result_path = assert(os.getenv('PPCERT_NVIM_RESULT'), 'PPCERT_NVIM_RESULT')
local T = tonumber(os.getenv('PPCERT_NVIM_TIMEOUT_MS') or '20000')

local result = {
  ok = false,
  nvim = tostring(vim.version().major) .. '.' .. tostring(vim.version().minor) .. '.' .. tostring(vim.version().patch),
  steps = {},
  failures = {},
  rpc_errors = {},
  notifications = {},
  statuses = {},
  publishes = 0,
}

local function step(s)
  table.insert(result.steps, s)
end

local function fail(msg)
  table.insert(result.failures, msg)
end

local function write_result()
  local f = assert(io.open(result_path, 'w'))
  f:write(vim.json.encode(result))
  f:close()
end

-- Messages Neovim shows the user (handler errors, "failed to apply edit", ...) are recorded.
vim.notify = function(msg, level, _)
  table.insert(result.notifications, { msg = tostring(msg), level = level or vim.log.levels.INFO })
end

local function buffer_text(bufnr)
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local text = table.concat(lines, '\n')
  if vim.api.nvim_buf_get_option(bufnr, 'eol') then
    text = text .. '\n'
  end
  return text
end

local function main()
  vim.lsp.set_log_level('warn')
  result.lsp_log = vim.lsp.get_log_path()
  vim.cmd('filetype on')
  vim.cmd('edit ' .. vim.fn.fnameescape(target))
  local bufnr = vim.api.nvim_get_current_buf()
  local fname = vim.api.nvim_buf_get_name(bufnr)
  local uri = vim.uri_from_bufnr(bufnr)
  result.uri = uri
  result.initial_text = buffer_text(bufnr)
  step('edited ' .. fname)

  -- every publishDiagnostics, in order; Neovim's own handler still runs on each
  local publishes = {}
  local function is_ours(res)
    return vim.uri_to_fname(res.uri) == fname
  end
  local handlers = {
    ['textDocument/publishDiagnostics'] = function(err, res, ctx, config)
      table.insert(publishes, res)
      result.publishes = #publishes
      return vim.lsp.diagnostic.on_publish_diagnostics(err, res, ctx, config)
    end,
    ['ppcert/status'] = function(_, res)
      table.insert(result.statuses, res)
    end,
  }
  local exited = nil
  local client_id = vim.lsp.start_client({
    name = 'ppcert',
    cmd = { bin, 'server' },
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = 'workspace' } },
    handlers = handlers,
    on_error = function(code, err)
      table.insert(result.rpc_errors, { code = code, err = vim.inspect(err) })
    end,
    on_exit = function(code, signal)
      exited = { code = code, signal = signal }
    end,
  })
  if not client_id then
    fail('vim.lsp.start_client returned nil')
    return
  end
  if not vim.lsp.buf_attach_client(bufnr, client_id) then
    fail('buf_attach_client failed')
    return
  end
  step('client ' .. client_id .. ' attached')

  local function latest(after)
    for i = #publishes, after + 1, -1 do
      if is_ours(publishes[i]) then
        return publishes[i], i
      end
    end
    return nil
  end
  -- wait for a publish for the buffer after `after` satisfying `pred`, then for quiet (500 ms)
  local function wait_diags(after, pred, what)
    local ok = vim.wait(T, function()
      local p = latest(after)
      return p ~= nil and (pred == nil or pred(p))
    end, 20)
    local n = #publishes
    local rounds = 0
    while true do
      vim.wait(500, function() return false end, 50)
      if #publishes == n then
        break
      end
      n = #publishes
      rounds = rounds + 1
      if rounds > 10 then
        fail('the server keeps publishing diagnostics (no 500 ms pause in 5 s)')
        break
      end
    end
    if not ok then
      fail('timed out (' .. T .. ' ms) waiting for ' .. what)
    end
    return latest(after)
  end

  local first = wait_diags(0, function(p) return #p.diagnostics > 0 end, 'the first diagnostics')
  if not first then
    return
  end
  result.initial = first
  result.initial_in_neovim = #vim.diagnostic.get(bufnr)
  step(#first.diagnostics .. ' diagnostics received, ' .. result.initial_in_neovim .. ' in vim.diagnostic')
  for _, d in ipairs(first.diagnostics) do
    if d.source ~= 'ppcert' or type(d.code) ~= 'string' or type(d.codeDescription) ~= 'table' then
      fail('diagnostic without source/code/codeDescription: ' .. vim.inspect(d))
      break
    end
  end

  -- the first fixable diagnostic that offers a `Fix: ` action
  local chosen, action, all_titles = nil, nil, {}
  for _, d in ipairs(first.diagnostics) do
    if type(d.data) == 'table' and d.data.fixable == true then
      local params = { textDocument = { uri = uri }, range = d.range, context = { diagnostics = { d } } }
      local resp, err = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, T)
      if err then
        fail('codeAction request failed: ' .. tostring(err))
        return
      end
      local r = resp and resp[client_id]
      if not r then
        fail('no answer to textDocument/codeAction within ' .. T .. ' ms')
        return
      end
      if r.err or r.error then
        fail('codeAction error: ' .. vim.inspect(r.err or r.error))
        return
      end
      for _, a in ipairs(r.result or {}) do
        table.insert(all_titles, a.title)
        if not action and type(a.title) == 'string' and vim.startswith(a.title, 'Fix: ') then
          action = a
          chosen = d
        end
      end
      if action then
        break
      end
    end
  end
  result.action_titles = all_titles
  if not action then
    fail('no diagnostic with data.fixable = true offers a `Fix: ` code action')
    return
  end
  result.chosen = chosen
  result.action = action
  step('code action: ' .. action.title)
  if not action.edit then
    fail('the Fix action has no edit (a command-only action is not what the contract says)')
    return
  end

  local before_count = 0
  for _, d in ipairs(first.diagnostics) do
    if d.code == chosen.code then
      before_count = before_count + 1
    end
  end
  local mark = #publishes
  local ok, err = pcall(vim.lsp.util.apply_workspace_edit, action.edit, 'utf-16')
  if not ok then
    fail('apply_workspace_edit failed: ' .. tostring(err))
    return
  end
  result.text_after_fix = buffer_text(bufnr)
  result.modified = vim.api.nvim_buf_get_option(bufnr, 'modified')
  step('edit applied; buffer modified: ' .. tostring(result.modified))

  local function count(p)
    local n = 0
    for _, d in ipairs(p.diagnostics) do
      if d.code == chosen.code then
        n = n + 1
      end
    end
    return n
  end
  local after = wait_diags(mark, function(p) return count(p) < before_count end,
    'diagnostics without the fixed ' .. chosen.code)
  if not after then
    return
  end
  result.final = after
  result.final_in_neovim = #vim.diagnostic.get(bufnr)
  result.buffer_version = vim.lsp.util.buf_versions[bufnr]
  if count(after) >= before_count then
    fail(chosen.code .. ' is still reported ' .. count(after) .. ' times after the fix (before: ' .. before_count .. ')')
  end
  if after.version ~= nil and after.version ~= vim.NIL and after.version ~= result.buffer_version then
    fail('publishDiagnostics version ' .. tostring(after.version) .. ' but the buffer is at ' .. tostring(result.buffer_version))
  end
  step('refreshed: ' .. #after.diagnostics .. ' diagnostics, ' .. chosen.code .. ' ' .. count(after) .. ' (was ' .. before_count .. ')')

  -- the `Ignore` action of a remaining finding: Neovim applies its WorkspaceEdit (which creates
  -- ppcert.toml when there is none); run.py checks the CLI honours the result
  local ig_diag = after.diagnostics[1]
  if ig_diag then
    local params = { textDocument = { uri = uri }, range = ig_diag.range, context = { diagnostics = { ig_diag } } }
    local resp = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, T)
    local r = resp and resp[client_id]
    local ignore = nil
    for _, a in ipairs((r and r.result) or {}) do
      if a.title == 'Ignore `' .. ig_diag.code .. '` in ppcert.toml' then
        ignore = a
      end
    end
    if not ignore then
      fail('no Ignore action for ' .. ig_diag.code .. ': ' .. vim.inspect(r))
    elseif not ignore.edit then
      fail('the Ignore action has no edit')
    else
      result.ignore_rule = ig_diag.code
      result.ignore_edit = ignore.edit
      local ok2, err2 = pcall(vim.lsp.util.apply_workspace_edit, ignore.edit, 'utf-16')
      if not ok2 then
        fail('apply_workspace_edit of the Ignore action failed: ' .. tostring(err2))
      else
        -- the edited ppcert.toml: its buffer (unsaved) is what Neovim made of the edit
        for _, b in ipairs(vim.api.nvim_list_bufs()) do
          local name = vim.api.nvim_buf_get_name(b)
          if name:match('ppcert%.toml$') then
            result.ignore_file = name
            result.ignore_text = buffer_text(b)
          end
        end
        if not result.ignore_file then
          fail('after the Ignore action Neovim has no ppcert.toml buffer')
        end
        step('Ignore applied: ' .. tostring(result.ignore_file))
      end
    end
  end

  -- hover at the first remaining diagnostic (Neovim decodes the result)
  if #after.diagnostics > 0 then
    local d = after.diagnostics[1]
    local resp = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover',
      { textDocument = { uri = uri }, position = d.range.start }, T)
    local r = resp and resp[client_id]
    if not r or r.err or not r.result then
      fail('no hover at ' .. vim.inspect(d.range.start) .. ': ' .. vim.inspect(r))
    else
      local md = vim.lsp.util.convert_input_to_markdown_lines(r.result.contents)
      result.hover = table.concat(md, '\n')
      if not string.find(result.hover, d.code, 1, true) then
        fail('the hover does not name ' .. d.code)
      end
    end
  end

  -- stop: shutdown + exit, and the process's exit code
  vim.lsp.stop_client(client_id)
  vim.wait(10000, function() return exited ~= nil end, 20)
  result.exit = exited
  if not exited then
    fail('the server did not exit within 10 s of shutdown/exit')
  elseif exited.code ~= 0 then
    fail('the server exited with code ' .. tostring(exited.code))
  end
  for _, n in ipairs(result.notifications) do
    if n.level >= vim.log.levels.WARN then
      fail('Neovim reported: ' .. n.msg)
    end
  end
  for _, e in ipairs(result.rpc_errors) do
    fail('RPC error: ' .. e.err)
  end
  result.ok = #result.failures == 0
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  fail('Lua error: ' .. tostring(err))
  result.ok = false
end
pcall(write_result)
vim.cmd('qa!')
