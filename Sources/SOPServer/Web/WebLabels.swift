import Foundation
import SOPCore

/// The officers' page in Indonesian (the default) or English.
enum WebLabels {
    static func table(_ lang: String) -> [String: String] {
        let id = lang != "en"
        func t(_ a: String, _ b: String) -> String { id ? a : b }
        return [
            "app": t("Papan tugas layanan", "Service task board"),
            "publicApp": t("Layanan pengaduan masyarakat", "Public complaints"),
            "fileShort": t("Lapor", "File a complaint"), "trackShort": t("Lacak", "Track"),
            "fileTitle": t("Sampaikan pengaduan", "File a complaint"),
            "fileIntro": t("Tuliskan apa yang terjadi, di mana dan kapan. Setelah dikirim, Anda mendapat kode pelacakan untuk mengikuti pengaduan dan mengunduh balasannya.",
                           "Write what happened, where and when. Once it is sent you get a tracking code to follow the complaint and download the reply."),
            "fileComplaint": t("Isi pengaduan", "Your complaint"),
            "fileComplaintHint": t("Wajib, paling banyak 20.000 karakter.", "Required, at most 20,000 characters."),
            "fileName": t("Nama", "Name"), "fileContact": t("Kontak (telepon atau surel)", "Contact (phone or e-mail)"),
            "fileContactHint": t("Agar petugas dapat menghubungi Anda bila perlu.", "So that an officer can reach you if needed."),
            "filePrivacy": t("Kerahasiaan", "Privacy"),
            "fileAnonymous": t("Anonim: nama dan kontak saya tidak dicatat", "Anonymous: my name and contact are not recorded"),
            "fileAnonymousHint": t("Kosongkan nama dan kontak. Pengaduan hanya dapat diikuti dengan kode pelacakan.",
                                   "Leave name and contact empty. The complaint can then be followed with the tracking code only."),
            "fileConfidential": t("Rahasia: hanya petugas yang menangani yang dapat membaca", "Confidential: only the officers who handle it may read it"),
            "fileConfidentialHint": t("Isi pengaduan terbuka bagi petugas pada tahap yang sudah dicapai pengaduan, tidak bagi petugas lain.",
                                      "The complaint is open to the officers of the stages it has reached, not to other officers."),
            "fileQuestion": t("Pertanyaan pengaman", "Safety question"),
            "fileSubmit": t("Kirim pengaduan", "Send the complaint"),
            "fileTrackLink": t("Sudah punya kode pelacakan? Lacak pengaduan", "Have a tracking code? Track a complaint"),
            "fileClosed": t("Kantor ini belum menerima pengaduan daring. Silakan datang ke loket.", "This office takes no complaints online. Please come to the counter."),
            "trackTitle": t("Lacak pengaduan", "Track a complaint"), "trackCode": t("Kode pelacakan", "Tracking code"),
            "trackCodeHint": t("Contoh: LAPOR-ABCD2345EFGHK. Huruf besar atau kecil sama saja.", "For example LAPOR-ABCD2345EFGHK. Upper or lower case alike."),
            "trackSubmit": t("Lacak", "Track"), "trackStep": t("Sedang pada tahap", "Now at"),
            "trackReplies": t("Balasan", "Replies"), "trackNoReply": t("Belum ada balasan.", "No reply yet."),
            "trackFileLink": t("Sampaikan pengaduan baru", "File a new complaint"),
            "publicOpen": t("sedang diproses", "being handled"),
            "audit": t("Jejak audit", "Audit trail"),
            "walkIn": t("Pengaduan baru", "New complaint"),
            "walkInIntro": t("Catat pengaduan yang diterima di loket, lewat telepon, surat atau surel. Langkah pengadu dicatat atas nama Anda (diwakili petugas); kasus mendapat kode pelacakan untuk pengadu.",
                             "Register a complaint received at the counter, by phone, letter or e-mail. The complainant's step is recorded in your name (on the citizen's behalf); the case gets a tracking code for the complainant."),
            "walkInSOP": t("Prosedur", "Procedure"), "walkInChannel": t("Diterima melalui", "Received by"),
            "walkInComplaint": t("Isi pengaduan", "The complaint"), "walkInName": t("Nama pengadu", "Complainant's name"),
            "walkInContact": t("Kontak (telepon atau surel)", "Contact (phone or e-mail)"), "walkInSubmit": t("Catat pengaduan", "Register the complaint"),
            "walkInNone": t("Anda tidak bertugas mencatat pengaduan atas nama masyarakat pada prosedur mana pun.",
                            "You do not register complaints on the citizen's behalf in any procedure."),
            "channel-loket": t("loket", "counter"), "channel-telepon": t("telepon", "phone"), "channel-surat": t("surat", "letter"),
            "channel-email": t("surel", "e-mail"),
            "auditIntro": t("Siapa melakukan apa pada kasus SOP tempat Anda bertugas, terbaru di atas. Isi catatan dan nama berkas tidak ditampilkan.",
                            "Who did what on the cases of the SOPs you work in, newest first. Note texts and file names are not shown."),
            "auditAt": t("Waktu", "When"), "auditOfficer": t("Petugas", "Officer"), "auditAction": t("Tindakan", "Action"),
            "auditDetail": t("Keterangan", "Detail"), "auditEmpty": t("Belum ada tindakan.", "No actions yet."),
            "auditCompleted": t("menyelesaikan langkah", "completed a step"), "auditAttached": t("melampirkan dokumen", "attached a document"),
            "auditNote": t("mencatat alasan", "recorded a reason"), "auditPublic": t("masyarakat (daring)", "the public (online)"),
            "auditNewer": t("← lebih baru", "← newer"), "auditOlder": t("lebih lama →", "older →"),
            "signIn": t("Masuk", "Sign in"), "signOut": t("Keluar", "Sign out"),
            "refusedTitle": t("Formulir ditolak", "Form refused"), "accessRefused": t("Akses ditolak", "Access refused"),
            "refusedForm": t("Formulir ini ditolak karena kode keamanannya (CSRF) tidak ada atau tidak sah. Buka kembali halamannya, lalu kirim ulang.",
                             "This form was refused because its security code (CSRF) is missing or not valid. Open the page again and resubmit."),
            "token": t("Token petugas", "Officer token"),
            "tokenHelp": t("Token diberikan oleh operator (sop deploy add-officer). Jangan dibagikan.",
                           "Your operator gives you the token (sop deploy add-officer). Do not share it."),
            "board": t("Papan tugas", "Task board"), "case": t("Kasus", "Case"), "step": t("Langkah", "Step"),
            "due": t("Batas waktu", "Due"), "timeLeft": t("Sisa waktu kerja", "Working time left"),
            "overdue": t("TERLAMBAT", "OVERDUE"), "empty": t("Tidak ada tugas.", "Nothing to do."),
            "status": t("Status", "Status"), "openedAt": t("dibuka", "opened"), "caseDue": t("batas kasus", "case due"),
            "role": t("Pelaksana", "Role"), "standard": t("Waktu baku", "Standard"), "started": t("Mulai", "Started"),
            "completed": t("Selesai", "Completed"), "taken": t("Waktu kerja terpakai", "Working time taken"),
            "result": t("Hasil", "Result"), "late": t("terlambat", "late"), "onTime": t("tepat waktu", "on time"),
            "round": t("putaran", "round"), "documents": t("Dokumen", "Documents"),
            "complete": t("Selesaikan langkah", "Complete the step"), "outcome": t("Keputusan", "Decision"),
            "submit": t("Simpan", "Submit"),
            "activeSteps": t("Langkah yang sedang berjalan", "Steps in progress"),
            "requirements": t("Persyaratan lain (bukan unggahan)", "Other requirements (not uploads)"),
            "waitingShort": t("Menunggu pemohon", "Waiting on the applicant"),
            "clockStopped": t("jam layanan berhenti", "the service clock is stopped"),
            "waitingSince": t("Menunggu pemohon sejak", "Waiting on the applicant since"),
            "agencyTime": t("Waktu kerja instansi", "Agency working time"),
            "applicantTime": t("waktu pemohon", "applicant's time"),
            "timers": t("Jika waktu habis", "When the time runs out"),
            "closesCase": t("menutup kasus", "closes the case"),
            "applicantStep": t("langkah pemohon", "the applicant's step"),
            "ended": t("Berakhir", "Ended"), "automatic": t("otomatis", "automatic"),
            "onBehalf": t("diwakili petugas", "on the citizen's behalf"),
            "onBehalfForm": t("Langkah ini milik pengadu: Anda mencatatnya atas nama pengadu (diwakili petugas), misalnya saat balasan diterima di loket.",
                              "This is the citizen's step: you record it on their behalf, for instance when the reply is collected at the counter."),
            "history": t("Riwayat langkah", "Step history"),
            "assignee": t("Petugas", "Officer"), "unassigned": t("belum diambil", "unclaimed"),
            "claim": t("Ambil tugas", "Claim"), "release": t("Lepaskan", "Release"),
            "assignTo": t("Tugaskan kepada", "Assign to"), "assign": t("Tugaskan", "Assign"),
            "substituteFor": t("pengganti", "substituting for"),
            "assignedToYou": t("Tugas ini milik Anda.", "This task is yours."),
            "assignedToOther": t("Tugas ini milik petugas lain; hanya petugas itu (atau penggantinya saat cuti) yang menyelesaikannya.",
                                 "This task is another officer's; only they (or their substitute while on leave) complete it."),
            "viewRoles": t("Peran saya", "My roles"), "viewMine": t("Tugas saya", "My tasks"),
            "viewOverdue": t("Terlambat", "Overdue"), "viewSoon": t("Segera jatuh tempo", "Due soon"),
            "search": t("Cari (kode, nama pengadu, isi)", "Search (code, complainant, text)"), "searchSubmit": t("Cari", "Search"),
            "filter": t("Tampilkan", "Show"), "noMatch": t("Tidak ada tugas yang cocok.", "No matching task."),
            "substituting": t("Anda menggantikan", "You substitute for"),
            "statusOpen": t("berjalan", "open"), "statusClosed": t("selesai", "closed"),
            "reason": t("Alasan keputusan", "Reason for the decision"), "note": t("Catatan", "Note"),
            "optional": t("opsional", "optional"), "requiredMark": t("wajib", "required"),
            "requiredFor": t("wajib untuk keputusan", "required for the decision"),
            "held": t("sudah ada di berkas", "already in the file"), "reused": t("dipakai lagi", "reused"),
            "replace": t("ganti dengan berkas baru (opsional)", "replace with a new file (optional)"),
            "download": t("Unduh", "Download"), "publicActor": t("masyarakat (daring)", "the public (online)"),
            "decisionDocuments": t("Dokumen", "Documents"), "onlyWhen": t("hanya", "only"),
            "complaintText": t("Isi dokumen", "Document text"),
            "notifications": t("Pengingat dan eskalasi", "Reminders and escalations"),
            "notifyEmail": t("surel", "e-mail"), "notifyWebhook": t("webhook", "webhook"),
            "notifySent": t("terkirim", "sent"), "notifyPending": t("menunggu dikirim", "waiting to be sent"),
            "notifyFailed": t("gagal, tidak dicoba lagi", "failed, given up"),
            "notifyTo": t("Kepada", "To"), "notifyVia": t("Lewat", "Via"), "notifyStatus": t("Status", "Status"),
            "notifyAttempts": t("Percobaan", "Attempts"), "notifyWhen": t("Waktu", "When"),
        ]
    }

    /// A standard time as the document wrote it: its text when it was read from one ("½
    /// hari", with a range's hyphen as a dash: "1–3 hari"), else the value (a range's
    /// minimum first) and unit; "—" when the document gives none.
    static func standard(_ time: StandardTime?, lang: String) -> String {
        guard let time else { return "—" }
        if let written = time.written, lang != "en" {
            return written.replacingOccurrences(of: #"(\d)\s*-\s*(\d)"#, with: "$1–$2", options: .regularExpression)
        }
        let amount = time.minimum.map { "\($0)–\(time.value)" } ?? "\(time.value)"
        return "\(amount) \(lang == "en" ? time.unit.rawValue : time.unit.indonesian)"
    }

    /// How a closed case ended: "Dianggap dicabut" for a withdrawal, the label of the ending
    /// outcome that closed it, or "Selesai" at an end step.
    static func ending(_ state: CaseState, _ sop: SOPDefinition, lang: String) -> String {
        let id = lang != "en"
        guard let resolution = state.resolution else { return id ? "Selesai" : "Completed" }
        if resolution == StepTimer.withdrawnResolution { return id ? "Dianggap dicabut" : "Deemed withdrawn" }
        for r in state.history.reversed() {
            if let o = r.outcome, let outcome = sop.step(r.step)?.outcomes.first(where: { $0.id == o }), outcome.end == resolution {
                return outcome.label
            }
        }
        return resolution
    }

    /// What a pending timer will do, for the officer.
    static func timer(_ timer: StepTimer, _ sop: SOPDefinition, step: Step, lang: String) -> String {
        let id = lang != "en"
        switch timer.action {
        case .withdraw: return id ? "kasus dianggap dicabut" : "the case is deemed withdrawn"
        case .remind: return id ? "pengingat dikirim" : "a reminder is sent"
        case .escalate:
            let to = timer.to.map { sop.role($0)?.title ?? $0 } ?? "?"
            return id ? "dapat diselesaikan juga oleh \(to)" : "\(to) may complete it too"
        case .complete:
            let label = timer.outcome.flatMap { o in step.outcomes.first { $0.id == o }?.label }
            return (id ? "dianggap selesai" : "deemed completed") + (label.map { " (\($0))" } ?? "")
        }
    }

    /// A file size for people: bytes, KB or MB (1024-based), comma decimals in Indonesian.
    static func size(_ bytes: Int, lang: String) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        let kb = Double(bytes) / 1024
        let text = kb < 1024 ? String(format: "%.1f KB", kb) : String(format: "%.1f MB", kb / 1024)
        return lang == "en" ? text : text.replacingOccurrences(of: ".", with: ",")
    }

    /// Office time as an officer reads it: minutes and hours, and whole working days (of 7.5
    /// office hours) once there is at least one.
    static func duration(minutes: Int64, lang: String) -> String {
        TimeText.office(minutes: minutes, TimeText.Language(code: lang))
    }
}
