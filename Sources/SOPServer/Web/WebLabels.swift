/// The officers' page in Indonesian (the default) or English.
enum WebLabels {
    static func table(_ lang: String) -> [String: String] {
        let id = lang != "en"
        func t(_ a: String, _ b: String) -> String { id ? a : b }
        return [
            "app": t("Papan tugas pengaduan", "Complaint task board"),
            "signIn": t("Masuk", "Sign in"), "signOut": t("Keluar", "Sign out"),
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
        ]
    }

    /// Office time as an officer reads it: minutes and hours, and whole working days (of 7.5
    /// office hours) once there is at least one.
    static func duration(minutes: Int64, lang: String) -> String {
        let days = minutes / 450, rest = minutes % 450, h = rest / 60, m = rest % 60
        var parts: [String] = []
        if days > 0 { parts.append(lang == "en" ? "\(days) working day\(days == 1 ? "" : "s")" : "\(days) hari kerja") }
        if h > 0 { parts.append(lang == "en" ? "\(h) h" : "\(h) jam") }
        if m > 0 || parts.isEmpty { parts.append(lang == "en" ? "\(m) min" : "\(m) menit") }
        return parts.joined(separator: " ")
    }
}
